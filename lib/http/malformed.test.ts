import { describe, expect, it } from 'vitest';
import { malformedRequest } from './malformed';

describe('requests refused before Next.js parses them', () => {
  it.each(['/api/v1/memories/%E0%A4%A/k', '/api/v1/namespaces/%ZZ', '/namespaces/%', '/namespaces/a/%C0%80'])('%s: broken percent-encoding', (path) => {
    expect(malformedRequest('GET', path, null)?.field).toBe('path');
  });

  it('well-formed encoding, %00 (decoded and refused by the route) and plain paths pass', () => {
    for (const path of ['/namespaces/a%20b/%F0%9F%99%82', '/api/v1/memories/a%00b/k', '/settings']) expect(malformedRequest('GET', path, null)).toBeNull();
  });

  it('multipart without a boundary, to any page', () => {
    expect(malformedRequest('POST', '/login', 'multipart/form-data')?.field).toBe('content-type');
    expect(malformedRequest('POST', '/', 'Multipart/Form-Data; charset=utf-8')?.field).toBe('content-type');
    expect(malformedRequest('POST', '/', 'multipart/form-data; boundary=----x')).toBeNull();
    expect(malformedRequest('POST', '/', 'multipart/form-data; boundary="a b"')).toBeNull();
    expect(malformedRequest('GET', '/', 'multipart/form-data')).toBeNull();
  });
});
