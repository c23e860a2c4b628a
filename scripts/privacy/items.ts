/**
 * WeChat's privacy APIs (小程序隐私协议开发指南: the interfaces and components behind each item of
 * 公众平台's 用户隐私保护指引), and why 莎姐 uses the ones it uses. An API the mini-program calls
 * without a purpose here fails `npm run check:privacy`: write the purpose, then regenerate the guide.
 */

export interface PrivacyItem {
  /** The item as 公众平台's form names it. */
  label: string;
  /** wx.* calls. */
  apis: string[];
  /** wx.authorize scopes (without "scope."). */
  scopes?: string[];
  /** Components or attributes in WXML, as patterns. */
  wxml?: Array<{ name: string; pattern: RegExp }>;
  /** Plugins whose use collects this item (app.json plugins or requirePlugin). */
  plugins?: string[];
}

export const PRIVACY_ITEMS: readonly PrivacyItem[] = [
  {
    label: '用户信息（微信昵称、头像）',
    apis: ['getUserProfile', 'getUserInfo'],
    wxml: [
      { name: 'open-type="chooseAvatar"', pattern: /open-type\s*=\s*"chooseAvatar"/ },
      { name: 'input type="nickname"', pattern: /<(?:t-)?input\b[^>]*type\s*=\s*"nickname"/ }
    ]
  },
  {
    label: '位置信息',
    apis: [
      'getLocation',
      'startLocationUpdate',
      'startLocationUpdateBackground',
      'getFuzzyLocation',
      'onLocationChange'
    ],
    scopes: ['userLocation', 'userLocationBackground', 'userFuzzyLocation']
  },
  { label: '选择的位置信息', apis: ['chooseLocation', 'choosePoi'] },
  { label: '地址', apis: ['chooseAddress'] },
  { label: '发票信息', apis: ['chooseInvoiceTitle', 'chooseInvoice'] },
  { label: '微信运动步数', apis: ['getWeRunData'], scopes: ['werun'] },
  {
    label: '手机号',
    apis: [],
    wxml: [
      { name: 'open-type="getPhoneNumber"', pattern: /open-type\s*=\s*"getPhoneNumber"/ },
      { name: 'open-type="getRealtimePhoneNumber"', pattern: /open-type\s*=\s*"getRealtimePhoneNumber"/ }
    ]
  },
  { label: '车牌号', apis: ['chooseLicensePlate'] },
  { label: '选中的照片或视频信息', apis: ['chooseImage', 'chooseMedia', 'chooseVideo'] },
  { label: '选中的文件', apis: ['chooseMessageFile'] },
  {
    label: '麦克风',
    apis: ['startRecord', 'getRecorderManager', 'joinVoIPChat'],
    scopes: ['record'],
    wxml: [{ name: '<live-pusher>', pattern: /<live-pusher\b/ }],
    plugins: ['WechatSI']
  },
  {
    label: '摄像头',
    apis: ['createVKSession', 'createCameraContext'],
    scopes: ['camera'],
    wxml: [
      { name: '<camera>', pattern: /<camera\b/ },
      { name: '<voip-room>', pattern: /<voip-room\b/ }
    ]
  },
  { label: '蓝牙', apis: ['openBluetoothAdapter', 'createBLEPeripheralServer'], scopes: ['bluetooth'] },
  {
    label: '相册（仅写入）权限',
    apis: ['saveImageToPhotosAlbum', 'saveVideoToPhotosAlbum'],
    scopes: ['writePhotosAlbum']
  },
  { label: '通讯录（仅写入）权限', apis: ['addPhoneContact'], scopes: ['addPhoneContact'] },
  { label: '日历（仅写入）权限', apis: ['addPhoneRepeatCalendar', 'addPhoneCalendar'], scopes: ['addPhoneCalendar'] },
  { label: '剪切板', apis: ['setClipboardData', 'getClipboardData'] }
];

/** APIs that app.json must declare in requiredPrivateInfos before they may be called. */
export const REQUIRED_PRIVATE_INFOS = [
  'getFuzzyLocation',
  'getLocation',
  'onLocationChange',
  'startLocationUpdate',
  'startLocationUpdateBackground',
  'chooseLocation',
  'choosePoi',
  'chooseAddress'
];

/**
 * Why 莎姐 uses each API (the 用途 of the guide: "为了……"), by API, component or plugin name.
 * wx.getLocation's purpose is app.json's permission desc for scope.userLocation, which users see too.
 */
export const PURPOSES: Readonly<Record<string, string>> = {
  chooseMedia:
    '在反映诉求、申请德分时上传现场照片；照片存于本小程序的云存储，不公开，经微信内容安全检测，只提供给有权查看该诉求或申请的人员',
  chooseImage: '在反映诉求、申请德分时上传现场照片',
  chooseLocation: '在反映诉求时标注问题发生的地点，便于工作人员到场处置，并在现场签到时核对距离',
  setClipboardData: '让你一键复制统计报表的下载链接、工作人员邀请码或对接密钥；小程序只写入剪切板，不读取',
  getRecorderManager: '让你用语音输入诉求描述',
  WechatSI: '让你用语音输入诉求描述（语音由微信同声传译插件转为文字）'
};

/** What a person gives or the platform learns as they use 莎姐, beyond the privacy APIs. */
export interface ProvidedItem {
  label: string;
  purpose: string;
  /** The item is collected only while this evidence is in the mini-program's code. */
  evidence: { wxml?: RegExp; ts?: RegExp };
}

export const PROVIDED_ITEMS: readonly ProvidedItem[] = [
  {
    label: '微信身份标识（OpenID）',
    purpose: '识别你的身份，保存你反映的诉求、评价和德分记录，绑定工作人员的单位与角色，并向你发送你订阅的办理进度消息',
    evidence: { ts: /\bwx\.cloud\.callFunction\b|\bcallFunction\(/ }
  },
  {
    label: '手机号（你主动填写）',
    purpose:
      '便于负责办理的单位就你反映的诉求与你联系。选填；你可以选择对所有处理单位隐藏号码，此时仍可在小程序内收到回复和消息',
    evidence: { wxml: /<(?:t-)?input\b[^>]*(?:[Pp]hone|手机|电话)/ }
  },
  {
    label: '姓名（工作人员自行填写）',
    purpose: '在本单位工作人员名单中显示，供管理员和单位负责人管理人员与权限',
    evidence: { wxml: /<(?:t-)?input\b[^>]*(?:姓名|[Dd]isplayName|\{\{\s*(?:staff)?[Nn]ame\s*\}\})/ }
  },
  {
    label: '发布内容（诉求描述、地址、回复、评价、德分申请说明）',
    purpose: '受理、分派和办理你反映的问题并向你反馈；文字发布前经微信内容安全接口检测',
    evidence: { wxml: /<(?:t-)?textarea\b/ }
  }
];
