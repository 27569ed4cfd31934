import { NextResponse } from 'next/server';
import { z } from 'zod';
import { readJson, withRole } from '@/lib/api';
import { parseInput } from '@/lib/errors';
import { resetUserPassword, setUserDisabled, setUserRole } from '@/lib/users';

const patch = z.strictObject(
  {
    role: z.string().optional(),
    disabled: z.boolean({ error: 'must be true or false' }).optional(),
    password: z.string().optional(),
  },
  { error: (i) => (i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : 'must be a JSON object') },
);

type Ctx = { params: Promise<{ id: string }> };

export const PATCH = withRole<Ctx>('admin', async (req, { params, user }) => {
  const { id } = await params;
  const body = parseInput(patch, await readJson(req));
  if (body.role !== undefined) await setUserRole(user, id, body.role);
  if (body.disabled !== undefined) await setUserDisabled(user, id, body.disabled);
  if (body.password !== undefined) await resetUserPassword(user, id, body.password);
  return NextResponse.json({ ok: true });
});
