// pgvector's binary format (vector_recv / vector_send: int16 dimensions, int16 unused, then
// big-endian float4s), for query parameters and binary COPY alike.

/** Writes v at `at` in pgvector's binary format; returns the offset after it (4 + 4 × dimensions bytes). */
export function writeVectorBinary(buf: Buffer, at: number, v: ArrayLike<number>): number {
  at = buf.writeInt16BE(v.length, at);
  at = buf.writeInt16BE(0, at);
  for (let i = 0; i < v.length; i++) at = buf.writeFloatBE(v[i], at);
  return at;
}

/**
 * A vector as a query parameter: node-pg sends a Buffer parameter in binary, so the 384 numbers of a
 * search reach the server without being printed as text and parsed back. The SQL must cast the
 * parameter ($1::vector), which tells the server its type.
 */
export function vectorParam(v: ArrayLike<number>): Buffer {
  const buf = Buffer.allocUnsafe(4 + 4 * v.length);
  writeVectorBinary(buf, 0, v);
  return buf;
}

/**
 * A vector read in pgvector's binary format (SELECT vector_send(col)), without parsing its numbers
 * from text. Each number is its float4's exact double (0.1 reads 0.10000000149011612), which is what
 * arithmetic and a query parameter want; what people read or export keeps the text form's 0.1.
 */
export function readVectorBinary(buf: Buffer): number[] {
  const dimensions = buf.readInt16BE(0);
  const v = new Array<number>(dimensions);
  for (let i = 0; i < dimensions; i++) v[i] = buf.readFloatBE(4 + 4 * i);
  return v;
}

/** SQL that reads a vector column in binary for readVectorBinary (NULL stays NULL). */
export const vectorOut = (expr: string) => `vector_send(${expr})`;
