import { redirect } from 'next/navigation';
import { requirePage } from '@/lib/auth/guard';
import { SETTINGS_TABS } from '@/components/settings/settings-sections';
import { outagePage } from '@/lib/http/outage-page';

export const dynamic = 'force-dynamic';

// Every section is the admin's today, so the first one is the first the user may see.
async function SettingsPage() {
  await requirePage('admin', '/settings');
  redirect(SETTINGS_TABS[0].href);
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(SettingsPage);
