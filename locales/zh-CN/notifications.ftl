# 通知（DESIGN.md §13）：发给合作伙伴管理员代理和客户全局管理员的邮件，
# 以及每位用户关闭不需要的邮件类型的设置页面。

mail-greeting = 你好：
mail-action = 在 partnerlink 中打开
mail-footer = 由于你在所在组织中的角色，你收到了这封来自{ -operator-name }合作伙伴计划的邮件。
mail-settings = 选择要接收的邮件
mail-list-separator = 、
mail-link-line = { $label }：{ $url }

mail-accepted-subject = { $customer } 已接受你的经销商关系邀请
mail-accepted-body = { $customer }（{ $domain }）的 { $actor } 已接受你的邀请：你现在是其经销商。
mail-accepted-services = 已授予以下服务的委派管理员权限：{ $services }。
mail-accepted-no-services = 未授予委派管理员权限。

mail-declined-subject = { $customer } 已拒绝你的邀请
mail-declined-body = { $customer }（{ $domain }）的 { $actor } 已拒绝你的经销商关系邀请。未做任何更改。

mail-dap-removed-subject = { $customer } 已删除你的委派管理员权限
mail-dap-removed-body = { $customer }（{ $domain }）的 { $actor } 已删除你对以下服务的委派管理员权限：{ $services }。经销商关系仍然保留。

mail-dap-replaced-subject = { $customer } 已将委派管理员权限授予其他合作伙伴
mail-dap-replaced-body = { $customer }（{ $domain }）的 { $actor } 已将{ $services } 的委派管理员权限授予其他合作伙伴。你对这些服务的委派管理员权限已结束。

mail-dap-released-subject = { $partner } 已交还委派管理员权限
mail-dap-released-body = { $partner } 的 { $actor } 已交还对你的组织以下服务的委派管理员权限：{ $services }。经销商关系仍然保留。

mail-ending-by-customer-subject = { $customer } 正在结束与你的经销商关系
mail-ending-by-customer-body = { $customer }（{ $domain }）的 { $actor } 正在结束与你的经销商关系。你的委派管理员权限已结束。由于你仍是其部分订阅的记录合作伙伴，该关系将于{ $date }结束；在此之前，你只能查看这些订阅。

mail-ending-by-partner-subject = { $partner } 正在结束与你的关系
mail-ending-by-partner-body = { $partner } 的 { $actor } 正在结束与你的组织的经销商关系。其委派管理员权限已结束。由于该合作伙伴仍是你的部分订阅的记录合作伙伴，该关系将于{ $date }结束；在此之前，你可以将这些订阅转给其他合作伙伴。

mail-ended-for-partner-subject = 你与 { $customer } 的经销商关系已结束
mail-ended-for-partner-body = { $by ->
    [system] 通知期已满：你与 { $customer }（{ $domain }）的经销商关系已结束。在客户选择新的记录合作伙伴之前，你此前仍担任记录合作伙伴的订阅将没有记录合作伙伴。
   *[other] { $customer }（{ $domain }）的 { $actor } 已结束与你的经销商关系。你的委派管理员权限已结束。
}

mail-ended-for-customer-subject = 你与 { $partner } 的关系已结束
mail-ended-for-customer-body = { $by ->
    [system] 通知期已满：你与 { $partner } 的经销商关系已结束。该合作伙伴此前仍担任记录合作伙伴的订阅现已没有记录合作伙伴：在你选择记录合作伙伴之前，由{ -operator-name }对这些订阅计费。
   *[other] { $partner } 的 { $actor } 已结束与你的组织的经销商关系。其委派管理员权限已结束。
}

notify-settings-title = 电子邮件通知
notify-settings-intro = 选择哪些事件需要通过电子邮件通知你。邮件将发送到 { $email }，使用你最近选择的语言。
notify-settings-save = 保存
notify-settings-saved = 你的通知设置已保存。
notify-settings-nav = 通知

notify-kind-customer-accepted = 客户接受我的组织的邀请
notify-kind-customer-declined = 客户拒绝我的组织的邀请
notify-kind-delegated-admin-removed = 客户删除我们的委派管理员权限或将其授予其他合作伙伴
notify-kind-partner-relationship-ended = 客户结束与我们的经销商关系，或关系的通知期已满
notify-kind-access-released = 合作伙伴交还对我的组织的委派管理员权限
notify-kind-customer-relationship-ended = 合作伙伴结束与我的组织的关系，或关系的通知期已满
notify-settings-unknown-kind = 此表单请求了不存在的通知类型。请刷新页面后重新选择。

mail-gdap-approved-subject = { $customer } 已批准你的委派管理请求“{ $name }”
mail-gdap-approved-body = { $customer }（{ $domain }）的 { $actor } 已批准以下角色：{ $roles }。这些角色将于{ $date }结束。
mail-gdap-declined-subject = { $customer } 已拒绝你的委派管理请求“{ $name }”
mail-gdap-declined-body = { $customer }（{ $domain }）的 { $actor } 已拒绝你的委派管理请求“{ $name }”。未授予任何角色。
mail-gdap-expiring-for-partner-subject = 你对 { $customer } 的委派管理员权限将于{ $date }结束
mail-gdap-expiring-for-partner-body = 你与 { $customer }（{ $domain }）的委派管理关系“{ $name }”将于{ $date }结束：{ $roles }。如仍需要，请及时申请延期。
mail-gdap-expiring-for-customer-subject = { $partner } 的委派管理员权限将于{ $date }结束
mail-gdap-expiring-for-customer-body = { $partner } 与你的组织的委派管理关系“{ $name }”将于{ $date }结束：{ $roles }。该关系将自动结束，你无需执行任何操作。
mail-gdap-expired-for-partner-subject = 你对 { $customer } 的委派管理员权限已到期
mail-gdap-expired-for-partner-body = 你与 { $customer }（{ $domain }）的委派管理关系“{ $name }”已于{ $date }到期。以下角色已结束：{ $roles }。
mail-gdap-expired-for-customer-subject = { $partner } 的委派管理员权限已到期
mail-gdap-expired-for-customer-body = { $partner } 与你的组织的委派管理关系“{ $name }”已于{ $date }到期。以下角色已结束：{ $roles }。
mail-gdap-terminated-for-partner-subject = { $customer } 已提前终止委派管理关系“{ $name }”
mail-gdap-terminated-for-partner-body = { $customer }（{ $domain }）的 { $actor } 已提前终止你的委派管理关系“{ $name }”。以下角色已结束：{ $roles }。
mail-gdap-terminated-for-customer-subject = { $partner } 已提前终止委派管理关系“{ $name }”
mail-gdap-terminated-for-customer-body = { $partner } 的 { $actor } 已提前终止与你的组织的委派管理关系“{ $name }”。以下角色已结束：{ $roles }。

notify-kind-request-decided = 客户批准或拒绝我们的委派管理请求
notify-kind-partner-access-expiring = 我们对客户的委派管理员权限即将结束或已结束
notify-kind-customer-access-expiring = 合作伙伴对我的组织的委派管理员权限即将结束或已结束
