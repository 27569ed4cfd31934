import { redirect } from 'next/navigation';
import { requirePage } from '@/lib/auth/guard';
import { SETTINGS_TABS } from '@/components/settings/settings-sections';

export const dynamic = 'force-dynamic';

// Every section is the admin's today, so the first one is the first the user may see.
export default async function SettingsPage() {
  await requirePage('admin', '/settings');
  redirect(SETTINGS_TABS[0].href);
}
