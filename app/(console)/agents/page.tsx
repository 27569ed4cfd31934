import { NotBuiltYet } from '@/components/ui/primitives';
import { requirePage } from '@/lib/auth/guard';

export const metadata = { title: 'Agents' };

export default async function AgentsPage() {
  await requirePage('read', '/agents');
  return (
    <NotBuiltYet
      title="Agents"
      what="Agents, their tasks, events and messages from the swarm tables."
      issue="a later issue on the agent swarm tables (seed 003), not filed yet"
    />
  );
}
