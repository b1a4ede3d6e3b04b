error-go-home = 返回首页
error-hint-home = 请检查地址，或从首页重新开始。
error-hint-retry = 请几秒钟后重试。
error-hint-later = 请稍后重试。如果问题仍然存在，请联系支持人员。

error-400-title = 无法处理该请求
error-400-body = 提交的部分信息缺失或格式不正确。请返回检查表单，然后重试。
error-401-title = 需要登录
error-401-body = 请登录以继续。
error-403-title = 你无权执行此操作
error-403-body = 你的帐户无权访问此页面。
error-404-title = 找不到页面
error-404-body = 此地址上没有任何内容。
error-405-title = 此处不允许执行该操作
error-405-body = 此地址不接受这种类型的请求。请使用页面上的按钮和链接。
error-413-title = 数据过多
error-413-body = 提交的表单超出了允许的大小。请缩短文本后重试。
error-429-title = 尝试次数过多
error-429-body = 登录失败次数过多。请在 { $count } 分钟后重试。
error-500-title = 出现问题
error-500-body = 服务器无法完成该请求。未做任何更改。
error-503-title = 服务暂时不可用
error-503-body = 服务当前无法连接到数据存储。如果你正在保存内容，请先检查是否已保存，再重新提交。

error-csrf-title = 此表单已过期
error-csrf-body = 出于安全考虑，无法接受此表单。请刷新页面后重新提交。
error-invitation-title = 此邀请链接已失效
error-invitation-body = 该链接可能已被替换或输入有误。请向你的合作伙伴索取新链接。
error-por-title = 只有记录合作伙伴才能执行此操作
error-por-body = 你不是此订阅的记录合作伙伴（Partner of Record）。不是原始经销商的合作伙伴仅拥有委派管理员权限，不能删除席位、订购加载项、转换订阅或更改记录合作伙伴。

forbidden-needs-partner = 此页面仅供合作伙伴用户使用。
forbidden-needs-admin-or-sales-agent = 此页面需要管理员代理或销售代理角色。请向你所在组织的管理员代理申请访问权限。
forbidden-needs-admin-agent = 此操作需要管理员代理角色。请联系你所在组织的管理员代理。
forbidden-needs-customer = 此页面仅供客户管理员使用。
forbidden-needs-global-admin = 只有你所在组织的全局管理员才能执行此操作。
