import type pg from 'pg';

export interface PlanCheck {
  /** Index names the plan scans. */
  indexes: string[];
  /** Every node type in the plan, outermost first. */
  nodes: string[];
  seqScans: string[];
  /** Indexes walked in the order of an operator (KNN: `Order By: (col <-> …)`), not just filtered on. */
  orderedIndexes: string[];
  /** The text plan, for the report. */
  text: string;
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Order By'?: string;
  Plans?: PlanNode[];
}

function walk(node: PlanNode, visit: (node: PlanNode) => void): void {
  visit(node);
  for (const child of node.Plans ?? []) walk(child, visit);
}

/** EXPLAIN of one parameterised query: which indexes it uses and whether anything is read sequentially. */
export async function checkPlan(client: pg.ClientBase, sql: string, params: unknown[]): Promise<PlanCheck> {
  const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
  const textRows = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
  const result: PlanCheck = {
    indexes: [],
    nodes: [],
    seqScans: [],
    orderedIndexes: [],
    text: textRows.rows.map((row) => row['QUERY PLAN']).join('\n'),
  };
  walk(rows[0]!['QUERY PLAN'][0].Plan, (node) => {
    result.nodes.push(node['Node Type']);
    if (node['Index Name']) result.indexes.push(node['Index Name']);
    if (node['Index Name'] && node['Order By']) result.orderedIndexes.push(node['Index Name']);
    if (node['Node Type'] === 'Seq Scan') result.seqScans.push(node['Relation Name'] ?? '?');
  });
  return result;
}
