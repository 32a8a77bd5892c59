import { api, postMultipart } from './index';
import type { ApiBody, ApiResponse } from './client';
import type { UploadOptions } from './upload';

/**
 * Registry import and export (server/src/modules/registry-io/routes.ts): upload a 实有人口登记表, confirm the
 * column mapping, run it in the background; export a node's persons (masked unless full with a reason).
 */
export type ImportDraft = ApiResponse<'/registry/imports', 'post'>;
export type ImportMapping = ImportDraft['mapping'];
export type ImportField = keyof ImportMapping;
export type ImportRunInput = ApiBody<'/registry/imports/{id}/run', 'post'>;
export type RegistryImport = ApiResponse<'/registry/imports/{id}', 'get'>;
export type RegistryExportInput = ApiBody<'/registry/exports', 'post'>;
export type RegistryExport = ApiResponse<'/registry/exports/{id}', 'get'>;
export type ExportTag = ApiResponse<'/registry/exports/tags', 'get'>['items'][number];

export const registryIoApi = {
  /** Upload the sheet for the community `nodeId`; answers the header found, the automatic mapping and a preview. */
  upload: (file: File, nodeId: number, options: Omit<UploadOptions, 'nodeId'> = {}) => postMultipart('/registry/imports', file, file.name, { ...options, nodeId }),
  run: (id: string, body: ImportRunInput) => api.post('/registry/imports/{id}/run', { path: { id }, body }),
  status: (id: string) => api.get('/registry/imports/{id}', { path: { id } }),
  reportUrl: (id: string) => api.url('/registry/imports/{id}/report', { path: { id } }),
  exportTags: (nodeId: number) => api.get('/registry/exports/tags', { query: { nodeId } }),
  startExport: (body: RegistryExportInput) => api.post('/registry/exports', { body }),
  exportStatus: (id: string) => api.get('/registry/exports/{id}', { path: { id } }),
  exportFileUrl: (id: string) => api.url('/registry/exports/{id}/file', { path: { id } }),
};
