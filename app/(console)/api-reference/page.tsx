import { PageHeader } from '@/components/ui/primitives';
import { ApiReference } from '@/components/api-reference/api-reference';
import { requirePage } from '@/lib/auth/guard';
import { outagePage } from '@/lib/http/outage-page';

export const metadata = { title: 'API reference' };

async function ApiReferencePage() {
  await requirePage('read', '/api-reference');
  return (
    <div className="space-y-6">
      <PageHeader title="API reference"
        description="Every /api/v1 endpoint. Try it out runs as you, with your session; agents and dashboards use an API token (Settings → API tokens) instead." />
      <div className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
        <ApiReference specUrl="/api/v1/openapi.json" />
      </div>
    </div>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(ApiReferencePage);
