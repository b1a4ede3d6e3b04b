# 交还委派管理：合作伙伴的管理员代理主动结束自己对某个客户的委派管理（单项服务或全部服务）。

release-title = 要交还委派管理员权限吗？
release-link-one = 交还
# 屏幕阅读器：必须逐字包含 release-link-one 的可见文本。
release-link-one-label = 交还{ $service } 的委派管理员权限
release-link-all = 交还所有服务的委派管理员权限
release-one-question = 你的组织将不再为 { $customer } 管理{ $service }。
release-all-question = 你的组织将不再为 { $customer } 管理任何服务。以下服务的委派管理将结束：
release-relationship-remains = 你仍是 { $customer } 的经销商：计费、订阅和记录合作伙伴均不变。客户接受你的邀请链接后，可以再次授予委派管理员权限。
release-confirm = 交还委派管理员权限
release-nothing-held = 你的组织没有 { $customer } 此项服务的委派管理员权限，因此无需交还。
release-back = 返回客户页面
release-unknown-service = 本网站无法识别要交还的服务。请返回客户页面并使用页面上的按钮。
release-flash-done = 你已交还 { $customer } 的委派管理员权限。
release-flash-nothing = 未做任何更改：你的组织没有 { $customer } 的此类委派管理员权限。
release-access-released = 已交还
release-access-released-on = 你的组织已于{ $date }交还委派管理员权限。如需恢复，请再次向客户发送邀请。
release-activity = 合作伙伴已交还委派管理员权限
