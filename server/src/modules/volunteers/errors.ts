import { errors, type AppError } from '../../platform/errors.js';

/** The volunteers module's refusals: stable codes with zh/en messages. */
export const volunteerErrors = {
  alreadyRegistered: (): AppError => errors.conflict('volunteer_already_registered', '该账号已登记为志愿者', 'This account is already registered as a volunteer'),
  duplicateId: (): AppError => errors.conflict('volunteer_duplicate', '该证件号码已登记为志愿者', 'A volunteer with this ID number is already registered'),
  personTaken: (): AppError => errors.conflict('volunteer_person_taken', '该居民已登记为志愿者', 'This resident is already registered as a volunteer'),
  notVolunteer: (): AppError => errors.conflict('not_a_volunteer', '请先登记成为志愿者', 'Register as a volunteer first'),
  inactive: (): AppError => errors.conflict('volunteer_inactive', '志愿者状态不是在册，不能进行此操作', 'The volunteer is not active'),
  reasonRequired: (): AppError =>
    errors.badRequest('reason_required', '请填写理由（至少 4 个字）', 'Give a reason (at least 4 characters)', { field: 'reason' }),
  nothingToChange: (): AppError => errors.badRequest('nothing_to_change', '没有需要更正的内容', 'Nothing would change', { field: 'changes' }),
  correctionPending: (): AppError => errors.conflict('correction_pending', '已有一条更正申请在审核中', 'A correction request is already waiting'),
  correctionDecided: (): AppError => errors.conflict('correction_decided', '该更正申请已处理', 'This correction request has already been decided'),
  statusSame: (): AppError => errors.conflict('status_unchanged', '志愿者已是该状态', 'The volunteer already has this status'),
  birthDateFuture: (): AppError => errors.badRequest('birth_date_future', '出生日期不能晚于今天', 'The birth date cannot be after today', { field: 'birthDate' }),
  nodeNotFound: (): AppError => errors.notFound(),
  teamNameTaken: (): AppError => errors.conflict('team_name_taken', '该节点已有同名服务队', 'The node already has a team with this name'),
  teamDissolved: (): AppError => errors.conflict('team_dissolved', '该服务队已解散', 'This team has been dissolved'),
  codeUnknown: (): AppError => errors.badRequest('invite_code_unknown', '邀请码无效或已更换', 'The invitation code is unknown or was replaced', { field: 'code' }),
  alreadyMember: (): AppError => errors.conflict('already_member', '已是该服务队成员或申请待审核', 'Already a member of this team, or a request is waiting'),
  notMember: (): AppError => errors.conflict('not_member', '不是该服务队的成员', 'Not a member of this team'),
  memberNotPending: (): AppError => errors.conflict('member_not_pending', '该申请已处理', 'This request has already been decided'),
  teamByCodeOnly: (): AppError => errors.conflict('team_code_only', '该服务队只能通过邀请码加入', 'This team is joined by invitation code only'),
  thresholdsInvalid: (): AppError =>
    errors.badRequest('star_thresholds_invalid', '星级门槛应为 5 个递增的正整数（小时）', 'Star thresholds are five increasing positive whole hours', { field: 'thresholdsHours' }),
  periodInvalid: (): AppError => errors.badRequest('period_invalid', '结束日期不能早于开始日期', 'The period ends before it starts', { field: 'periodEnd' }),
  recognitionNotDraft: (): AppError => errors.conflict('recognition_not_draft', '名单已发布，不能修改', 'The list has been published and can no longer change'),
  recognitionEmpty: (): AppError => errors.conflict('recognition_empty', '名单为空，不能发布', 'The list is empty'),
  recognitionNotInNotice: (): AppError => errors.conflict('recognition_not_in_notice', '名单不在公示期内', 'The list is not in its notice period'),
  recognitionVolunteerOutside: (): AppError =>
    errors.badRequest('recognition_volunteer_outside', '名单中的志愿者须属于该节点', 'Every volunteer on the list must belong to the node', { field: 'volunteerIds' }),
  noHours: (): AppError => errors.conflict('certificate_no_hours', '该期间没有已确认的服务时长，不能出具证明', 'There are no confirmed hours in this period'),
  certificateRevoked: (): AppError => errors.conflict('certificate_revoked', '该证明已作废', 'This certificate has already been revoked'),
};
