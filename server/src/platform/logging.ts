/** Log paths that must never show a token, password, phone or ID number. */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.mobile',
  '*.phone',
  '*.idNumber',
];
