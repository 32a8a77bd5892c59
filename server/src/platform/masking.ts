/** Personal data is masked by default (PIPL); full views go through an audited path. */
export function maskMobile(mobile: string | null | undefined): string | null {
  if (!mobile) return null;
  if (mobile.length < 7) return '*'.repeat(mobile.length);
  return `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
}

export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return null;
  if (id.length < 8) return '*'.repeat(id.length);
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

/** 张三 → 张*, 欧阳娜娜 → 欧***; Latin names keep the first letter. */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return null;
  const chars = [...name];
  if (chars.length === 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** Keep the street-level part, hide the door number: digits after the last community/road word are starred. */
export function maskAddress(address: string | null | undefined): string | null {
  if (!address) return null;
  return address.replace(/\d+(?=[号栋幢单元室楼层户-])/g, (m) => '*'.repeat(m.length));
}
