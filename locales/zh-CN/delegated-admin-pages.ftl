# 委派管理页面（DESIGN.md §12）：合作伙伴的请求（列表、新请求、含链接和邮件的
# 请求页面）、客户通过链接打开的页面，以及客户页面和合作伙伴页面上的相关部分。
# 角色名称和状态在 delegated-admin.ftl 中。

gdap-nav = 委派管理

## 通用词语

gdap-col-name = 名称
gdap-col-customer = 客户
gdap-col-partner = 合作伙伴
gdap-col-status = 状态
gdap-col-created = 创建时间
gdap-col-ends = 结束日期
gdap-col-approved-by = 批准人
gdap-col-roles = 角色
gdap-col-role = 角色
gdap-col-actions = 操作
# 角色及其服务，例如“支持管理员（由世纪互联运营的 Office 365）”。
gdap-role-in-service = { $role }（{ $service }）
gdap-role-requested = 已请求
gdap-role-approved = 已批准
gdap-role-not-approved = 未批准
gdap-role-removed-on = 已于{ $date }删除
gdap-full-admin-badge = 完全管理
gdap-created-by = { $date }，{ $name }
gdap-approved-by = { $date }，{ $name }
gdap-duration-label = 期限
gdap-days = { $count } 天
gdap-auto-extend-label = 自动延期
gdap-auto-extend-yes = 是，到期时延长 { $count } 天
gdap-auto-extend-no = 否
gdap-request-expires-label = 请求有效期至
gdap-ended-label = 结束时间
gdap-domain-label = 客户域名
gdap-roles-heading = 角色
gdap-back-to-list = 所有请求

## 合作伙伴的请求列表

gdap-list-title = 委派管理请求
gdap-list-intro = 仅向客户请求你确实需要的管理角色，并限定期限。客户的全局管理员可以批准全部角色、部分角色，或一个都不批准。
gdap-list-new = 新建请求
gdap-list-heading = 你的请求
gdap-list-empty = 你尚未向任何客户请求委派管理。
gdap-list-not-approved-yet = 尚未批准
gdap-list-extension-for = 为 { $customer } 延期
gdap-list-ends = { $date }结束
gdap-list-request-expires = 请求有效期至{ $date }

## 新建请求

gdap-new-title = 新建委派管理请求
gdap-new-intro = 选择所需的角色和期限。随后你会得到一个链接和一封邮件，可发送给客户的全局管理员。
gdap-field-name = 名称
gdap-field-name-hint = 客户会看到此名称，请说明访问用途，例如“技术支持”。
gdap-field-duration = 期限（天）
gdap-field-duration-hint = 1 至 { $count } 天。客户可以批准更短的期限。
gdap-field-auto-extend = 自动延期
gdap-field-auto-extend-hint = 到期时，除非任一方终止，访问权限将延长 { $count } 天。不能与完全管理角色同时使用。
gdap-field-domain = 客户域名（可选）
gdap-field-domain-hint = 填写域名后，只有该域名所属客户的全局管理员可以批准，例如 contoso.cn。
gdap-field-roles = 角色
gdap-field-roles-hint = 仅选择你需要的角色。客户可以只批准其中一部分。
gdap-new-submit = 创建请求

gdap-problem-name-missing = 请输入请求名称。
gdap-problem-name-too-long = 名称最多 { $count } 个字符。
gdap-problem-name-not-one-line = 请在一行内输入名称，不要包含换行符或制表符。
gdap-problem-duration = 请输入以整天计的期限，范围为 1 至 { $count }。
gdap-problem-no-roles = 请至少选择一个角色。
gdap-problem-auto-extend-full-admin = 自动延期（{ $count } 天）不能与完全管理角色同时使用：此类访问权限必须由客户重新批准。请取消选中“自动延期”或完全管理角色。
gdap-problem-domain = 请按管理中心中显示的形式输入客户域名，例如 contoso.cn，或将其留空。
gdap-problem-unknown-role = 所选角色中有一个不属于其服务。请从列表中选择角色。

## 合作伙伴的请求页面

gdap-extension-of-label = 延期对象
gdap-extension-of-link = 之前的委派管理
gdap-link-heading = 将请求发送给客户
gdap-step-send = 复制邮件并发送给客户的全局管理员。只有全局管理员可以批准。
gdap-link-label = 批准链接
gdap-link-hint = 此链接仅指向此请求：角色和期限保存在我们这里，无法通过修改链接来更改。链接有效期至{ $date }。
gdap-extend-heading = 延期
gdap-extend-hint = 为同一客户创建一个新请求，包含你目前仍持有的角色。客户像批准其他请求一样批准它；在此之前，当前访问权限保持不变。
gdap-extend-button = 请求延期
gdap-terminate-heading = 提前终止
gdap-terminate-button = 终止委派管理
gdap-withdraw-heading = 撤回
gdap-withdraw-button = 撤回请求

## 终止或撤回（确认）

gdap-terminate-title = 立即终止委派管理？
gdap-terminate-question-partner = 立即终止与 { $customer } 的“{ $name }”？
gdap-terminate-question-customer = 立即终止 { $partner } 的“{ $name }”？
gdap-terminate-roles-end = 以下角色将立即失效：
gdap-terminate-effect = 此操作无法撤销：访问权限立即结束，双方都会收到通知，历史记录将保留。经销商关系保持不变。若要再次获得访问权限，合作伙伴需要发送新的请求。
gdap-withdraw-title = 撤回此请求？
gdap-withdraw-question = 撤回“{ $name }”？
gdap-withdraw-effect = 链接将失效。客户尚未批准任何内容。

## 客户通过链接打开的页面

gdap-customer-title = { $partner } 的委派管理
gdap-customer-what-heading = 请求内容
gdap-customer-asks = { $partner } 为“{ $name }”请求以下角色。每个角色只授予合作伙伴其说明中所列的权限。
gdap-customer-ends-if-approved = 如果今天批准，访问权限将于{ $date }结束。
gdap-customer-auto-extends = 合作伙伴请求了自动延期：到期时，除非你终止，访问权限将延长 { $count } 天。
gdap-customer-creates-relationship = 批准后，{ $partner } 还将成为你的经销商：将创建经销商关系。计费方式保持不变。
gdap-customer-existing-relationship = { $partner } 已经是你的经销商；批准只会添加你选择的角色。
gdap-customer-remove-later = 你可以随时删除任一角色或终止委派管理。
gdap-customer-roles-legend = 要批准的角色
gdap-customer-roles-hint = 取消选中你不想授予的角色。
gdap-customer-replaces = 目前由 { $other } 持有此角色。批准后将转给 { $partner }：每项服务的完全管理同一时间只能由一个合作伙伴持有。
gdap-customer-duration-hint = 最多 { $count } 天（即请求的期限）。保留此值，或输入更少的天数。
gdap-customer-approve = 批准所选角色
gdap-customer-decline = 拒绝请求
gdap-customer-read-only = 只有你的组织中的全局管理员才能批准、更改或终止委派管理。
gdap-customer-terminate-hint = 立即终止此委派管理的所有角色。经销商关系保持不变。
gdap-customer-partner-page = 关于 { $partner } 的全部信息
gdap-remove-role = 删除
gdap-remove-role-label = 删除角色“{ $role }”

## 拒绝（未做任何更改）

gdap-refused-not-pending = 此请求已不再等待批准：其状态为“{ $status }”。未做任何更改。
gdap-refused-not-in-force = 此委派管理未生效：其状态为“{ $status }”。未做任何更改。
gdap-refused-wrong-customer = 此请求适用于域名为 { $domain } 的组织，只有该组织的全局管理员可以批准。未做任何更改。
gdap-refused-role-not-requested = 只能批准合作伙伴请求的角色。未批准任何内容。
gdap-refused-no-roles = 请至少选择一个要批准的角色，或拒绝请求。未批准任何内容。
gdap-refused-duration = 请输入以整天计的期限，范围为 1 至 { $count }（即请求的期限）。未批准任何内容。
gdap-refused-role-not-held = 合作伙伴已不再持有该角色。未做任何更改。
gdap-refused-conflict = 其他人同时更改了此委派管理。未做任何更改：请刷新页面后重试。

## 页面提示

gdap-flash-created = 请求已创建。请将下面的链接发送给客户。
gdap-flash-approved = 你已批准所选角色。访问权限将于{ $date }结束。
gdap-flash-declined = 你已拒绝该请求。
gdap-flash-terminated = “{ $name }”已终止。
gdap-flash-role-removed = 已删除角色“{ $role }”。
gdap-flash-extension-requested = 已请求延期。请将下面的链接发送给客户。

## 客户页面和合作伙伴页面上的部分

gdap-section-heading = 有期限的委派管理
gdap-section-empty = 没有委派管理请求或委派管理关系。

## 合作伙伴发送的邮件（使用邮件的语言）。链接放在段落末尾，后面不加句号。

gdap-email-subject = { $partner } 请求委派管理
gdap-email-paragraph-1 =
    尊敬的客户：
    我们是 { $partner }，希望在有限的期限内，仅以下列角色管理贵组织由{ -operator-name }运营的部分云服务。
gdap-email-paragraph-2 =
    请求的角色：
    { $roles }
    期限（天）：{ $days }。您可以只批准部分角色或更短的期限，也可以随时在管理中心删除任一角色。
gdap-email-role-line = – { $role }（{ $service }）
gdap-email-link-paragraph = 如需查看并批准此请求，请打开以下链接，并以贵组织全局管理员的身份登录：{ $link }
gdap-email-closing =
    此致
    敬礼！
    { $partner }
