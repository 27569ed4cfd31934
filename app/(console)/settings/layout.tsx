import { PageHeader } from '@/components/ui/primitives';
import { SettingsTabs } from '@/components/settings/settings-tabs';
import { requirePage } from '@/lib/auth/guard';

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  await requirePage('admin', '/settings');
  return (
    <div className="space-y-6">
      <PageHeader title="Settings" description="Who may use the console, API tokens, what changed, and how review and vectors work." />
      <SettingsTabs />
      {children}
    </div>
  );
}
