import type { RequestPriority } from '../../db/schema/requests.js';

/**
 * What the requests demo's people say: the problems residents report in Qingshan's communities, what the grid
 * workers write when they take and finish them, why a request is declined, what residents answer at follow-up.
 */

export interface DemoProblem {
  category: string;
  title: string;
  content: string;
  priority?: RequestPriority;
  /** Handling note when resolved. */
  done: string;
  /** A progress note while it is being handled (long jobs). */
  progress?: string;
  /** Why more time is needed, for the stories with an extension. */
  extension?: string;
}

export const PROBLEMS: DemoProblem[] = [
  { category: 'light_out', title: '楼前路灯不亮', content: '{b}门前的路灯已经好几天不亮了，晚上老人出门看不清台阶。', done: '已联系路灯维护班组更换灯泡和镇流器，晚上复查已正常亮灯。' },
  { category: 'heating_cold', title: '暖气不热', content: '家里暖气摸着是凉的，室温只有十五六度，{b}好几户都这样。', done: '供热站排气并调节了单元阀门，入户测温 20℃，已达标。', progress: '已报供热站，明天上午上门排气。' },
  { category: 'heating_leak', title: '暖气片漏水', content: '{b}楼道里的暖气管接头在滴水，地面结冰很滑。', priority: 'urgent', done: '物业已关阀更换接头，地面冰已清除并撒了防滑砂。' },
  { category: 'elevator', title: '电梯频繁停运', content: '{b}电梯这周停了三次，楼上有坐轮椅的老人下不了楼。', done: '维保公司更换了门机控制板，连续观察两天运行正常。', progress: '维保公司已到场检查，需更换门机控制板，配件在路上。', extension: '门机控制板需从厂家调货，预计一周到货。' },
  { category: 'garbage', title: '垃圾桶满了没人清运', content: '{b}旁边的垃圾桶已经满出来两天了，有异味。', done: '环卫所已加派车辆清运，并把该点位清运改为每天两次。' },
  { category: 'drain_blocked', title: '下水道堵塞返水', content: '{b}一楼下水道返水，卫生间地面都是污水。', priority: 'urgent', done: '物业疏通了主管道，清理出大量油污和杂物，已恢复通畅。' },
  { category: 'road_damage', title: '小区路面坑洼', content: '{b}到小区门口那段路有好几个大坑，下雨积水，电动车容易摔倒。', done: '已用沥青冷补料修补路面坑洼 6 处。', progress: '已报街道城建科，等待施工队排期。', extension: '路面修补需要街道统一安排施工队，排在下周。' },
  { category: 'noise', title: '夜间装修噪音扰民', content: '{b}有住户晚上十点以后还在装修，电钻声音很大。', done: '网格员上门劝导，业主承诺晚八点后停工，已签承诺书。' },
  { category: 'pets', title: '楼道里有人遛狗不拴绳', content: '{b}有住户遛狗不拴绳，孩子被吓哭了，希望管一管。', done: '已上门宣传文明养犬规定，犬主同意外出拴绳并清理粪便。' },
  { category: 'property_service', title: '单元门禁坏了', content: '{b}单元门禁刷卡没反应，门一直开着，陌生人随便进。', done: '物业已更换门禁读卡器，住户卡全部可用。' },
  { category: 'water_supply', title: '水压太低', content: '{b}楼上几层早晚用水高峰水压很低，热水器打不着火。', done: '二次供水泵房调整了加压参数，高峰时段六楼水压已正常。', progress: '已联系自来水公司测压，确认是加压泵故障。' },
  { category: 'greenery', title: '树枝挡住窗户', content: '{b}前面的杨树枝伸到二楼窗户上，刮风时敲玻璃，屋里也很暗。', done: '园林所已修剪树枝，清运了枝条。' },
  { category: 'elderly_meals', title: '独居老人想办助餐', content: '我母亲一个人住在{b}，八十多岁了，想问问社区助餐怎么办理。', done: '已为老人办理社区长者食堂助餐卡，每天中午可送餐上门。' },
  { category: 'elderly_allowance', title: '高龄补贴没到账', content: '我父亲今年满八十，高龄补贴一直没到账，住{b}。', done: '已协助补交年审材料，补贴已于本月发放。' },
  { category: 'manhole', title: '井盖松动', content: '{b}旁边的井盖踩上去晃动，晚上有响声，怕孩子掉下去。', priority: 'urgent', done: '已更换防坠落井盖并加装防坠网。' },
  { category: 'fire', title: '楼道堆放杂物', content: '{b}楼道里堆了很多纸箱和旧家具，还有电动车在楼道充电。', done: '已联合物业清理楼道杂物，劝导住户到充电棚充电。' },
  { category: 'waterlogging', title: '雨后院里积水', content: '一下雨{b}前面就积水，深的地方没过脚踝。', done: '已疏通雨水篦子并新增一处排水口。' },
  { category: 'pollution', title: '饭店油烟扰民', content: '{b}临街的饭店油烟直排，楼上开不了窗。', done: '已协调市场监管部门督促饭店安装油烟净化器并检测达标。', progress: '已向街道综合执法队反映，约定周三联合检查。' },
];

/** Why a request is declined (reject always needs a reason). */
export const REJECT_REASONS = [
  '经核实，该问题属于供热公司入户服务范围，已告知居民拨打供热服务热线 96166 处理。',
  '反映的小区不在本社区辖区，且居民已通过物业报修处理完毕，不再受理。',
  '经电话回访，居民表示是误报，问题不存在。',
  '该事项属于个人房屋产权纠纷，不属于诉求办理范围，已引导居民通过法律途径解决。',
];

export const SATISFIED_COMMENTS = ['处理很及时，谢谢网格员！', '已经好了，感谢社区。', '修好了，给你们点赞。', '', '满意。'];
export const BASICALLY_SATISFIED_COMMENTS = ['问题解决了，就是等的时间有点长。', '基本解决，希望以后多来看看。'];
export const UNSATISFIED_COMMENTS = ['还是老样子，没有彻底解决。', '只是临时处理了一下，第二天又坏了。'];

export const ACCEPT_NOTES = [null, '已受理，马上安排网格员处理。', '已核实位置，受理。'];
export const DISPATCH_NOTES = ['请尽快到现场查看处理。', '老人反映的，请优先处理。', '请今天内联系居民。'];
export const TAKE_NOTES = [null, '收到，马上去现场。', '已电话联系居民，下午上门。'];
export const REDISPATCH_NOTE = '居民反映问题没有彻底解决，请重新处理并跟进到位。';
export const APPROVE_EXTENSION_NOTE = '同意延期，请每两天向居民反馈一次进度。';
export const MERGE_NOTE = '与先前的诉求反映的是同一问题，合并办理，处理结果一并告知。';
