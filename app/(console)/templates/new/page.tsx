import { Card, PageHeader } from '@/components/ui/primitives';
import { TemplateForm } from '@/components/templates/template-forms';
import { requirePage } from '@/lib/auth/guard';

export const metadata = { title: 'New template' };

export default async function NewTemplatePage() {
  await requirePage('admin', '/templates/new');
  return (
    <div className="max-w-4xl">
      <PageHeader title="New template" />
      <Card><TemplateForm /></Card>
    </div>
  );
}
