/**
 * Where a running answer's chunks are kept while it streams, so that a browser that reloads
 * or loses its connection can read them again from the start, on this instance or (with
 * Redis) on any other, and so that Stop reaches the instance that runs the generation.
 */
export interface StreamRegistry<Chunk = unknown> {
  /** Starts a stream for a conversation; it becomes the conversation's active stream. */
  create(conversationKey: string, streamId: string): Promise<StreamWriter<Chunk>>;
  /** The conversation's active stream, if one is running. */
  activeStream(conversationKey: string): Promise<string | undefined>;
  /**
   * Every chunk of the stream from index `from` (0 = the start), as it is stored (JSON text,
   * never parsed), in batches: those written so far, then the rest as they are written, ending
   * when the stream ends or `signal` aborts. Each batch holds every chunk that was there to read
   * at that moment: what a response writes to the network, one write per batch, without
   * parsing and serialising each chunk again.
   * Undefined when there is no such stream (never created, or expired after it ended).
   * Rejects with a TooManyReadersError when the stream already has as many readers on this
   * instance as the registry allows. A reader holds its place until it ends, `signal` aborts or
   * its consumer calls `return()`: one that is never iterated must be aborted or returned.
   */
  readSerialised(streamId: string, from: number, signal?: AbortSignal): Promise<AsyncIterable<string[]> | undefined>;
  /** Asks whichever instance runs the conversation's generation to stop it. */
  requestStop(conversationKey: string): Promise<void>;
  /** Calls `onStop` whenever a stop is requested for a conversation, from any instance. Returns an unsubscribe function. */
  onStopRequested(onStop: (conversationKey: string) => void): Promise<() => void>;
  close(): Promise<void>;
}

export interface StreamWriter<Chunk = unknown> {
  /** Appends one chunk; readers see it at once. Never throws for a closed reader. */
  write(chunk: Chunk): void;
  /** Marks the stream finished (readers end) and clears it as the conversation's active stream. */
  end(): Promise<void>;
}
