// The namespace filter of the Search, Duplicates and Map forms: "All namespaces" or one of them.
import { inputClass } from '@/components/ui/form';

export function NamespaceSelect({ namespaces, value }: { namespaces: { namespace: string }[]; value?: string }) {
  return (
    <label className="text-xs text-slate-500">Namespace
      <select name="namespace" defaultValue={value ?? ''} className={`mt-1 block ${inputClass}`}>
        <option value="">All namespaces</option>
        {namespaces.map((n) => <option key={n.namespace} value={n.namespace}>{n.namespace}</option>)}
      </select>
    </label>
  );
}
