// A vector as a query parameter in pgvector's binary format (vector_recv: int16 dimensions, int16
// unused, then big-endian float4s). node-pg sends a Buffer parameter in binary, so the 384 numbers
// of a search reach the server without being printed as text and parsed back. The SQL must cast the
// parameter ($1::vector), which tells the server its type.
export function vectorParam(v: readonly number[]): Buffer {
  const buf = Buffer.allocUnsafe(4 + 4 * v.length);
  buf.writeInt16BE(v.length, 0);
  buf.writeInt16BE(0, 2);
  for (let i = 0; i < v.length; i++) buf.writeFloatBE(v[i], 4 + 4 * i);
  return buf;
}
