import { Card, PageHeader } from '@/components/ui/primitives';
import { TemplateForm } from '@/components/templates/template-forms';
import { requirePage } from '@/lib/auth/guard';
import { outagePage } from '@/lib/http/outage-page';

export const metadata = { title: 'New template' };

async function NewTemplatePage() {
  await requirePage('admin', '/templates/new');
  return (
    <div className="max-w-4xl">
      <PageHeader title="New template" />
      <Card><TemplateForm /></Card>
    </div>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(NewTemplatePage);
