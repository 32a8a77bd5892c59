import validator from 'validator';
import { errors } from '../../platform/errors.js';
import { passwordProblem } from '../../platform/password.js';

/** Input rules for accounts, each refusal a 400 with a message a clerk can act on. */

const USERNAME = /^[A-Za-z0-9._-]{3,32}$/;
const MOBILE_SHAPE = /^1\d{10}$/;

export function cleanUsername(raw: string): string {
  const username = raw.trim();
  if (!USERNAME.test(username)) {
    throw errors.badRequest(
      'invalid_username',
      '用户名须为 3–32 位，只能包含字母、数字和 . _ -',
      'Usernames are 3 to 32 characters of letters, digits, ".", "_" and "-"',
    );
  }
  // The login form takes a username or a mobile number; a username shaped like one would be ambiguous.
  if (MOBILE_SHAPE.test(username)) {
    throw errors.badRequest('invalid_username', '用户名不能是手机号', 'A username cannot be a mobile number');
  }
  return username;
}

export function cleanDisplayName(raw: string): string {
  const name = raw.trim().replace(/\s+/g, ' ');
  if (name.length === 0 || name.length > 50) {
    throw errors.badRequest('invalid_display_name', '姓名不能为空，且不超过 50 个字', 'The display name must be 1 to 50 characters');
  }
  return name;
}

/** 11-digit mainland number; "+86", spaces and dashes are dropped. Empty or null means "no number". */
export function cleanMobile(raw: string | null | undefined): string | null | undefined {
  if (raw === undefined) return undefined;
  if (raw === null) return null;
  const compact = raw.replace(/[\s-]/g, '');
  if (compact === '') return null;
  const local = compact.replace(/^(\+86|0086|86)(?=\d{11}$)/, '');
  if (!MOBILE_SHAPE.test(local) || !validator.isMobilePhone(local, 'zh-CN')) {
    throw errors.badRequest(
      'invalid_mobile',
      `“${raw}”不是有效的手机号码，请填写 11 位中国大陆手机号`,
      `"${raw}" is not a valid mobile number; enter an 11-digit mainland China number`,
    );
  }
  return local;
}

export function checkPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw errors.badRequest('weak_password', problem.zh, problem.en);
}

/** 409 for the unique indexes an account change can run into; other errors pass through unchanged. */
export function conflictFor(uniqueIndex: string | null, err: unknown): unknown {
  switch (uniqueIndex) {
    case 'users_username_key':
      return errors.conflict('username_taken', '该用户名已被使用', 'That username is already taken');
    case 'users_mobile_key':
      return errors.conflict('mobile_taken', '该手机号已被其他账号使用', 'That mobile number belongs to another account');
    case 'role_assignments_user_role_node_key':
      return errors.conflict('role_already_granted', '该用户在此节点已有这个角色', 'The user already holds this role at that node');
    default:
      return err;
  }
}
