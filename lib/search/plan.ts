// EXPLAIN (ANALYZE, FORMAT JSON) of a search, read for what an admin asks: which index, how many
// rows were looked at and thrown away by filters, and the plan as indented lines.
export interface PlanSummary {
  usedIndex: string | null;
  scan: string;
  rowsScanned: number;
  rowsRemovedByFilter: number;
  executionMs: number;
  planningMs: number;
  text: string;
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Actual Total Time'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

export function summarisePlan(json: { Plan: PlanNode; 'Execution Time': number; 'Planning Time': number }, indexNames: Set<string>): PlanSummary {
  let usedIndex: string | null = null;
  let scan = 'Seq Scan';
  let rowsScanned = 0;
  let removed = 0;
  const lines: string[] = [];
  const walk = (n: PlanNode, depth: number) => {
    const loops = n['Actual Loops'] ?? 1;
    if (n['Relation Name'] || n['Index Name']) {
      scan = n['Node Type'];
      rowsScanned += (n['Actual Rows'] ?? 0) * loops + (n['Rows Removed by Filter'] ?? 0) * loops;
      removed += (n['Rows Removed by Filter'] ?? 0) * loops;
      if (n['Index Name'] && indexNames.has(n['Index Name'])) usedIndex = n['Index Name'];
    }
    const target = n['Index Name'] ? ` using ${n['Index Name']}` : n['Relation Name'] ? ` on ${n['Relation Name']}` : '';
    const filtered = n['Rows Removed by Filter'] ? `, ${n['Rows Removed by Filter']} removed by filter` : '';
    lines.push(`${'  '.repeat(depth)}${depth ? '-> ' : ''}${n['Node Type']}${target} (rows ${n['Actual Rows'] ?? '?'}${filtered}, ${n['Actual Total Time']?.toFixed(2) ?? '?'} ms)`);
    n.Plans?.forEach((c) => walk(c, depth + 1));
  };
  walk(json.Plan, 0);
  return {
    usedIndex, scan, rowsScanned, rowsRemovedByFilter: removed,
    executionMs: json['Execution Time'], planningMs: json['Planning Time'], text: lines.join('\n'),
  };
}
