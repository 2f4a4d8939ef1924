'use client';

import { createContext } from 'react';

/**
 * The conversation whose waiting tool calls this page may answer. A shared page leaves it unset:
 * its reader sees a call waited, and cannot answer it.
 */
export const ToolApprovalConversation = createContext<string | undefined>(undefined);
