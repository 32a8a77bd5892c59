import { errors, type AppError } from '../../platform/errors.js';
import type { ResidentIdProblem } from '../../platform/idNumber.js';

/** The registry's own refusals: stable codes with zh/en messages. */
const ID_PROBLEM: Record<ResidentIdProblem, { zh: string; en: string }> = {
  format: { zh: '身份证号码格式不正确：应为 18 位，前 17 位为数字，最后一位为数字或 X', en: 'The ID number is malformed: 18 characters, 17 digits and a final digit or X' },
  birth_date: { zh: '身份证号码中的出生日期不存在或晚于今天', en: 'The birth date inside the ID number does not exist or lies in the future' },
  checksum: { zh: '身份证号码校验位不正确，请核对每一位', en: 'The ID number’s check character is wrong; please check every digit' },
};

export const registryErrors = {
  idNumberInvalid: (problem: ResidentIdProblem): AppError =>
    errors.badRequest('id_number_invalid', ID_PROBLEM[problem].zh, ID_PROBLEM[problem].en, { field: 'idNumber', problem }),
  idNumberRequired: (): AppError => errors.badRequest('id_number_required', '请同时填写证件类型和证件号码', 'Give the document kind together with its number', { field: 'idNumber' }),
  birthDateConflict: (): AppError =>
    errors.badRequest('birth_date_conflict', '出生日期与身份证号码中的不一致', 'The birth date differs from the one inside the ID number', { field: 'birthDate' }),
  genderConflict: (): AppError => errors.badRequest('gender_conflict', '性别与身份证号码不一致', 'The gender differs from the one the ID number gives', { field: 'gender' }),
  ethnicityUnknown: (): AppError => errors.badRequest('ethnicity_unknown', '民族不在国家标准民族列表中', 'The ethnicity is not one of the listed ethnic groups', { field: 'ethnicity' }),
  mobileInvalid: (): AppError => errors.badRequest('mobile_invalid', '手机号码应为 11 位数字，以 1 开头', 'A mobile number has 11 digits starting with 1', { field: 'mobile' }),
  duplicate: (existing?: { id: number; name: string }): AppError =>
    errors.conflict(
      'person_duplicate',
      existing ? `该证件号码已登记：${existing.name}` : '该证件号码已登记在其他地方',
      existing ? `This ID number is already registered: ${existing.name}` : 'This ID number is already registered elsewhere',
      existing ? { personId: existing.id, name: existing.name } : undefined,
    ),
  placeNotForHousehold: (): AppError =>
    errors.badRequest('place_not_for_household', '户只能设在单元、楼栋或（嘎查村）社区', 'A household sits at a unit, a building or a (village) community', { field: 'nodeId' }),
  householdClosed: (): AppError => errors.conflict('household_closed', '该户已注销', 'This household is closed'),
  householdNotEmpty: (): AppError => errors.conflict('household_not_empty', '该户还有成员居住，不能注销', 'People still live in this household; it cannot be closed'),
  householdNoTaken: (): AppError => errors.conflict('household_no_taken', '本社区已有相同户号', 'The community already has this household number'),
  moveTargetRequired: (): AppError =>
    errors.badRequest('move_target_required', '迁入本辖区内的户时请选择目标户', 'Choose the household the person moves into', { field: 'toHouseholdId' }),
  moveSameHousehold: (): AppError => errors.badRequest('move_same_household', '已经住在该户', 'The person already lives in this household', { field: 'toHouseholdId' }),
  moveBeforeMoveIn: (): AppError =>
    errors.badRequest('move_before_move_in', '迁出日期早于迁入日期', 'The move date is before the person moved in', { field: 'on' }),
  moveFuture: (): AppError => errors.badRequest('move_in_future', '日期不能晚于今天', 'The date cannot be after today', { field: 'on' }),
  notResident: (): AppError => errors.conflict('person_not_resident', '此人已迁出，不在任何户中', 'The person has moved out and belongs to no household'),
  reasonRequired: (): AppError =>
    errors.badRequest('reason_required', '查看完整信息需要填写理由（至少 4 个字）', 'Viewing the full record needs a reason (at least 4 characters)', { field: 'reason' }),
  tagUnknown: (): AppError => errors.notFound(),
  tagNotApplicable: (): AppError => errors.badRequest('tag_not_applicable', '该标签不适用于此人所在地', 'This tag is not configured for the person’s place', { field: 'tagId' }),
  tagAlreadyOn: (): AppError => errors.conflict('tag_already_given', '此人已有该标签', 'The person already has this tag'),
  tagNotOn: (): AppError => errors.conflict('tag_not_given', '此人没有该标签', 'The person does not have this tag'),
  tagDetailInvalid: (key: string): AppError =>
    errors.badRequest('tag_detail_invalid', `标签附加信息“${key}”的取值不在可选项中`, `The tag detail “${key}” is not one of its options`, { field: `detail.${key}` }),
  tagCodeTaken: (): AppError => errors.conflict('tag_code_taken', '该节点已有相同代码的标签', 'This node already has a tag with this code'),
  roleUnknown: (role: string): AppError => errors.badRequest('role_unknown', `未知角色：${role}`, `Unknown role: ${role}`, { field: 'visibleToRoles' }),
};
