/**
 * The default two-level category tree every node inherits, from what the seeds report residents asking for
 * (roads in pastoral areas, leaking roofs and drain pipes, pensions that will not come through, a fire at a door,
 * garbage piled up, elderly people who need help, self-employed people paying social insurance...) and the usual
 * 12345 hotline classification. Keywords seed the category suggestion (jieba tokens); nodes add their own.
 */
export interface DefaultCategory {
  code: string;
  name: string;
  nameEn: string;
  keywords: string[];
  children?: DefaultCategory[];
}

export const DEFAULT_CATEGORIES: DefaultCategory[] = [
  {
    code: 'roads',
    name: '道路交通',
    nameEn: 'Roads and traffic',
    keywords: ['道路', '马路', '交通'],
    children: [
      { code: 'road_damage', name: '道路破损', nameEn: 'Damaged road', keywords: ['坑洼', '破损', '塌陷', '路面', '修路', '坑'] },
      {
        code: 'rural_road',
        name: '乡村牧区道路',
        nameEn: 'Village and pastoral roads',
        keywords: ['村道', '牧区', '牧道', '砂石路', '嘎查'],
      },
      {
        code: 'road_occupation',
        name: '占道与停车',
        nameEn: 'Road occupation and parking',
        keywords: ['占道', '乱停', '停车', '堵路', '车位'],
      },
      {
        code: 'traffic_facility',
        name: '交通设施',
        nameEn: 'Traffic facilities',
        keywords: ['红绿灯', '信号灯', '标志', '护栏', '斑马线'],
      },
    ],
  },
  {
    code: 'street_lights',
    name: '路灯照明',
    nameEn: 'Street lights',
    keywords: ['路灯', '照明'],
    children: [
      { code: 'light_out', name: '路灯不亮', nameEn: 'Light out', keywords: ['不亮', '灯坏', '黑', '熄灭'] },
      { code: 'light_pole', name: '灯杆损坏', nameEn: 'Damaged light pole', keywords: ['灯杆', '倾斜', '倒伏', '电线'] },
    ],
  },
  {
    code: 'drainage',
    name: '排水',
    nameEn: 'Drainage',
    keywords: ['排水', '下水'],
    children: [
      {
        code: 'drain_blocked',
        name: '下水道堵塞',
        nameEn: 'Blocked drain',
        keywords: ['下水道', '堵塞', '疏通', '返水', '反味', '排水管'],
      },
      { code: 'waterlogging', name: '积水内涝', nameEn: 'Standing water', keywords: ['积水', '内涝', '雨水', '淹'] },
      { code: 'manhole', name: '井盖', nameEn: 'Manhole covers', keywords: ['井盖', '缺失', '松动'] },
    ],
  },
  {
    code: 'utilities',
    name: '水电燃气',
    nameEn: 'Water, power and gas',
    keywords: ['水电', '燃气'],
    children: [
      { code: 'water_supply', name: '供水', nameEn: 'Water supply', keywords: ['停水', '水压', '自来水', '水质', '水费'] },
      { code: 'power_supply', name: '供电', nameEn: 'Power supply', keywords: ['停电', '电路', '电表', '电费'] },
      { code: 'gas_supply', name: '燃气', nameEn: 'Gas', keywords: ['燃气', '煤气', '漏气', '天然气'] },
    ],
  },
  {
    code: 'heating',
    name: '供暖',
    nameEn: 'Heating',
    keywords: ['供暖', '暖气', '取暖'],
    children: [
      { code: 'heating_cold', name: '暖气不热', nameEn: 'Not warm enough', keywords: ['不热', '温度', '冷', '室温'] },
      { code: 'heating_leak', name: '暖气漏水', nameEn: 'Leaking radiator', keywords: ['漏水', '暖气片', '管道', '跑水'] },
      { code: 'heating_fee', name: '供暖收费', nameEn: 'Heating fees', keywords: ['取暖费', '供暖费', '收费', '煤票'] },
    ],
  },
  {
    code: 'property',
    name: '物业与房屋',
    nameEn: 'Property management and housing',
    keywords: ['物业', '小区', '房屋'],
    children: [
      { code: 'property_service', name: '物业服务', nameEn: 'Property service', keywords: ['物业', '保安', '门禁', '物业费'] },
      { code: 'elevator', name: '电梯', nameEn: 'Lifts', keywords: ['电梯', '困人', '故障', '停运'] },
      {
        code: 'house_repair',
        name: '房屋维修与危房',
        nameEn: 'House repairs and unsafe houses',
        keywords: ['漏雨', '房顶', '墙体', '危房', '修缮', '裂缝'],
      },
    ],
  },
  {
    code: 'sanitation',
    name: '环境卫生',
    nameEn: 'Sanitation and environment',
    keywords: ['卫生', '环境'],
    children: [
      { code: 'garbage', name: '垃圾清运', nameEn: 'Garbage removal', keywords: ['垃圾', '清运', '堆放', '乱堆', '垃圾桶'] },
      { code: 'public_toilet', name: '公共厕所', nameEn: 'Public toilets', keywords: ['厕所', '公厕'] },
      { code: 'greenery', name: '绿化', nameEn: 'Greenery', keywords: ['绿化', '树木', '修剪', '草坪'] },
      { code: 'pollution', name: '污染', nameEn: 'Pollution', keywords: ['油烟', '异味', '烧', '污染', '粉尘'] },
    ],
  },
  {
    code: 'disputes',
    name: '邻里纠纷',
    nameEn: 'Neighbour disputes',
    keywords: ['纠纷', '矛盾', '邻居'],
    children: [
      { code: 'noise', name: '噪音扰民', nameEn: 'Noise', keywords: ['噪音', '扰民', '吵', '装修'] },
      { code: 'neighbour_conflict', name: '邻里矛盾', nameEn: 'Conflict between neighbours', keywords: ['邻里', '吵架', '漏水', '占用'] },
      { code: 'pets', name: '宠物', nameEn: 'Pets', keywords: ['狗', '宠物', '遛狗', '犬'] },
    ],
  },
  {
    code: 'elderly',
    name: '养老服务',
    nameEn: 'Elderly care',
    keywords: ['老人', '养老', '老年'],
    children: [
      {
        code: 'elderly_alone',
        name: '独居老人关爱',
        nameEn: 'Elderly people living alone',
        keywords: ['独居', '空巢', '看望', '照顾', '需要帮助'],
      },
      { code: 'elderly_meals', name: '老年助餐', nameEn: 'Meals for the elderly', keywords: ['助餐', '送餐', '吃饭', '饭菜'] },
      { code: 'elderly_allowance', name: '高龄补贴', nameEn: 'Old-age allowance', keywords: ['高龄补贴', '年检', '高龄'] },
    ],
  },
  {
    code: 'social_security',
    name: '社会保障',
    nameEn: 'Social security',
    keywords: ['社保', '保障', '保险'],
    children: [
      { code: 'pension', name: '养老金与养老保险', nameEn: 'Pensions', keywords: ['养老金', '养老保险', '认证', '领取', '缴费'] },
      { code: 'medical_insurance', name: '医疗保险', nameEn: 'Medical insurance', keywords: ['医保', '报销', '医疗'] },
      { code: 'subsistence', name: '低保与救助', nameEn: 'Subsistence allowance and relief', keywords: ['低保', '救助', '困难', '补助'] },
      { code: 'disability', name: '残疾人服务', nameEn: 'Disability services', keywords: ['残疾', '残疾证', '轮椅'] },
      { code: 'employment', name: '就业创业', nameEn: 'Jobs and starting a business', keywords: ['就业', '招聘', '培训', '创业', '失业'] },
    ],
  },
  {
    code: 'business',
    name: '企业与营商环境',
    nameEn: 'Business and enterprises',
    keywords: ['企业', '营商', '商户'],
    children: [
      { code: 'enterprise', name: '企业诉求', nameEn: 'Enterprise requests', keywords: ['企业', '审批', '许可', '项目', '施工许可'] },
      {
        code: 'self_employed',
        name: '个体工商户',
        nameEn: 'Self-employed and small shops',
        keywords: ['个体户', '营业执照', '商户', '摊位', '社保'],
      },
    ],
  },
  {
    code: 'safety',
    name: '安全隐患',
    nameEn: 'Safety hazards',
    keywords: ['安全', '隐患'],
    children: [
      { code: 'fire', name: '消防安全', nameEn: 'Fire safety', keywords: ['火', '火情', '消防', '通道', '着火', '电动车'] },
      { code: 'hazard', name: '其他安全隐患', nameEn: 'Other hazards', keywords: ['隐患', '危险', '坠落', '裸露', '塌'] },
      { code: 'public_order', name: '治安', nameEn: 'Public order', keywords: ['治安', '盗窃', '可疑', '打架'] },
    ],
  },
  {
    code: 'public_services',
    name: '便民服务',
    nameEn: 'Convenience services',
    keywords: ['办理', '服务'],
    children: [
      { code: 'certificates', name: '证明开具', nameEn: 'Certificates', keywords: ['证明', '开具', '盖章', '户口'] },
      { code: 'childcare', name: '托管与课后服务', nameEn: 'Childcare and after-school care', keywords: ['托管', '孩子', '辅导', '放学'] },
      { code: 'errand', name: '帮办代办', nameEn: 'Errands done for residents', keywords: ['代办', '帮办', '上门', '代缴', '帮我'] },
    ],
  },
  {
    code: 'pastoral',
    name: '农牧业生产',
    nameEn: 'Farming and herding',
    keywords: ['农业', '牧业', '牧民', '农民'],
    children: [
      { code: 'grassland', name: '草原与防火', nameEn: 'Grassland and fire prevention', keywords: ['草原', '草场', '牧场', '防火'] },
      { code: 'livestock', name: '牲畜与防疫', nameEn: 'Livestock', keywords: ['牛', '羊', '牲畜', '防疫', '剪羊毛'] },
      { code: 'crops', name: '种植', nameEn: 'Crops', keywords: ['种植', '大棚', '灌溉', '农田'] },
    ],
  },
  {
    code: 'village_affairs',
    name: '村务与三务公开',
    nameEn: 'Village affairs and disclosure',
    keywords: ['村务', '公开'],
    children: [
      { code: 'disclosure', name: '三务公开', nameEn: 'Public disclosure', keywords: ['公开栏', '公示', '财务', '党务', '村务'] },
      { code: 'subsidy', name: '补贴发放', nameEn: 'Subsidy payments', keywords: ['补贴', '发放', '惠农', '补助款'] },
    ],
  },
  {
    code: 'other',
    name: '其他',
    nameEn: 'Other',
    keywords: [],
    children: [
      { code: 'consultation', name: '政策咨询', nameEn: 'Policy questions', keywords: ['咨询', '政策', '怎么办', '请问'] },
      { code: 'suggestion', name: '意见建议', nameEn: 'Suggestions', keywords: ['建议', '意见', '希望'] },
      { code: 'other_matter', name: '其他事项', nameEn: 'Other matters', keywords: [] },
    ],
  },
];
