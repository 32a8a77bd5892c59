import { Type } from 'typebox';
import { TaskStatus } from '../ledger/schema.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/**
 * For the OpenAPI document only: the route streams the multipart body to disk itself (size limit, format sniffing),
 * so Fastify does not validate it against this.
 */
export const ImportUploadBody = Type.Object({
  file: Type.String({
    format: 'binary',
    description:
      '12345 work orders as .xlsx (first sheet) or .csv (UTF-8 or GB18030). Columns: 工单编号, 来电时间, 诉求内容 (required); 来电人, 联系电话, 地址, 类别, 紧急程度 (optional); usual header variants accepted.',
  }),
  nodeId: Type.Integer({ description: 'The office’s org node: requests are filed in its subtree (the community named in the address, else the node itself)' }),
});

export const ImportIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const ImportReply = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: TaskStatus,
  rowsDone: Type.Integer(),
  rowsTotal: Type.Integer({ description: 'Data rows in the file (0 until counted)' }),
  created: Type.Integer({ description: 'Rows that became requests' }),
  skipped: Type.Integer({ description: 'Work orders imported before (same 工单编号)' }),
  failed: Type.Integer({ description: 'Rows not imported because of errors (see the report)' }),
  warnings: Type.Integer({ description: 'Imported rows with a remark (e.g. a category left for the dispatcher)' }),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  fileName: Type.String(),
  error: Nullable(Type.Object({ zh: Type.String(), en: Type.String() })),
  reportUrl: Nullable(Type.String({ description: 'The per-row problem report (.xlsx), once finished, when there were problems' })),
});
