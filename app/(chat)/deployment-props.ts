import 'server-only';
import { cookies } from 'next/headers';
import type { ChatProps } from '@/components/chat/chat';
import { defaultModel, isDemoMode, listModels } from '@/lib/anthropic/client';
import { budgetLeft } from '@/lib/budget';
import { isDemoBannerDismissed } from '@/lib/demo-banner';
import { env } from '@/lib/env';
import { connectorsOffered } from '@/lib/mcp';

type DeploymentProps = Pick<ChatProps, 'models' | 'defaultModel' | 'demoMode' | 'demoBannerDismissed' | 'contextWindowOverride' | 'webTools' | 'connectors' | 'budget'>;

/**
 * What every chat page passes on about this deployment: its models, demo mode, web tools, connectors, and
 * what is left of the visitor's budget today. All of it is runtime configuration, never the build's.
 */
export async function deploymentProps(ownerId: string | undefined): Promise<DeploymentProps> {
  const [models, budget] = await Promise.all([listModels(), budgetLeft(ownerId)]);
  return {
    models,
    defaultModel,
    demoMode: isDemoMode,
    demoBannerDismissed: isDemoMode && isDemoBannerDismissed(await cookies()),
    contextWindowOverride: env.RILL_CONTEXT_WINDOW_TOKENS,
    webTools: env.RILL_WEB_TOOLS,
    connectors: connectorsOffered(),
    budget,
  };
}
