// Where vectors come from. The built-in provider is lexical and offline; an OpenAI-compatible HTTP
// provider can stand beside it (see the vector-core issue).
import { LexicalEmbedder } from './lexical';

export interface EmbeddingProvider {
  /** Stable id, shown in Settings. */
  readonly id: string;
  /** What a person should know about its vectors. */
  readonly description: string;
  embed(texts: string[], dimension: number): Promise<number[][]>;
}

let configured: EmbeddingProvider | null = null;

export function embeddingProvider(): EmbeddingProvider {
  configured ??= new LexicalEmbedder();
  return configured;
}
