# 记录合作伙伴（Partner of Record）：合作伙伴申请成为客户某个订阅的记录合作伙伴；
# 客户批准、拒绝，或自行选择记录合作伙伴。合作伙伴永远看不到其他合作伙伴的名称。

## 合作伙伴仪表板：客户的订阅

por-another-partner = 其他合作伙伴
por-request-button = 申请成为记录合作伙伴
por-request-pending-since = 申请自{ $date }起等待处理
por-flash-requested = 已发送成为记录合作伙伴的申请。客户的全局管理员将批准或拒绝该申请。
por-flash-already-pending = 你为此订阅提交的成为记录合作伙伴的申请已在等待处理。

## 拒绝

por-refused-title = 记录合作伙伴未更改
por-refused-already-ours = 你已是此订阅的记录合作伙伴。
por-refused-already-decided = 此申请已被批准或拒绝。未做任何更改。
por-refused-requester-not-a-partner = 此合作伙伴与你的组织已不再有经销商关系，因此无法成为记录合作伙伴。未做任何更改。
por-refused-not-a-partner = 请从你的合作伙伴中选择：只有与你的组织有经销商关系的合作伙伴才能成为记录合作伙伴。未做任何更改。
por-invalid-form = 表单不完整。请返回并重新选择。

## 管理中心：申请

por-requests-title = 记录合作伙伴申请
por-requests-link = 记录合作伙伴申请
por-back-to-subscriptions = 返回订阅
por-requests-lead = 与你的组织合作的合作伙伴可以申请成为某个订阅的记录合作伙伴。记录合作伙伴负责该订阅的计费，并且是唯一可以更改该订阅的合作伙伴。只有在你同意后，记录合作伙伴才会变更。
por-requests-pending-heading = 等待你的决定
por-requests-none-pending = 没有等待决定的申请。
por-requests-approve-hint = 批准后，申请方合作伙伴将成为该订阅的记录合作伙伴，同一订阅的其他申请将被拒绝。
por-requests-decided-heading = 最近的决定
por-requests-none-decided = 尚未对任何申请作出决定。
por-pending-requests-link = 有 { $count } 个记录合作伙伴申请等待你的决定
por-col-subscription = 订阅
por-col-service = 服务
por-col-seats = 席位
por-col-current = 记录合作伙伴
por-col-requester = 申请方
por-col-requested = 申请日期
por-col-outcome = 决定
por-col-actions = 操作
por-approve = 批准
por-decline = 拒绝
por-approve-label = 批准 { $partner } 对“{ $offer }”的申请
por-decline-label = 拒绝 { $partner } 对“{ $offer }”的申请
por-decided-on = { $date }
por-status-pending = 待处理
por-status-approved = 已批准
por-status-declined = 已拒绝
por-read-only = 只有你的组织中的全局管理员才能更改记录合作伙伴或对申请作出决定。
por-flash-approved = { $partner } 现在是“{ $offer }”的记录合作伙伴。
por-flash-declined = 已拒绝 { $partner } 对“{ $offer }”的申请。记录合作伙伴未更改。

## 管理中心：订阅和更改记录合作伙伴

por-subscriptions-heading = 订阅和记录合作伙伴
por-subscriptions-hint = 订阅的记录合作伙伴负责其计费，并且是唯一可以删除席位、订购加载项或转换该订阅的合作伙伴。
por-no-subscriptions = 你的组织没有订阅。
por-change-link = 更改记录合作伙伴
por-view-link = 查看记录合作伙伴
por-change-link-label = 更改记录合作伙伴：{ $offer }
por-view-link-label = 查看记录合作伙伴：{ $offer }
por-subscription-pending = { $count } 个申请待处理
por-change-title = 更改记录合作伙伴
por-change-explanation = 选择由你的哪个合作伙伴担任此订阅的记录合作伙伴。只能选择与你的组织有经销商关系的合作伙伴。此订阅仍在等待处理的申请将同时得到处理。
por-choose-legend = 记录合作伙伴
por-current-badge = 当前
por-change-button = 保存记录合作伙伴
por-flash-changed = { $partner } 现在是“{ $offer }”的记录合作伙伴。
por-flash-unchanged = { $partner } 已是“{ $offer }”的记录合作伙伴。未做任何更改。

## 活动（双方）

por-activity-requested = 已申请成为记录合作伙伴
por-activity-request-approved = 成为记录合作伙伴的申请已获批准
por-activity-request-declined = 成为记录合作伙伴的申请已被拒绝
por-activity-granted = 由客户指定为记录合作伙伴
por-activity-moved-away = 记录合作伙伴已转给其他合作伙伴

## 没有记录合作伙伴的订阅：其记录合作伙伴的经销商关系在其仍持有该订阅时结束（双方）

por-none = 无记录合作伙伴——由{ -operator-name }计费
por-none-explanation = 此订阅的记录合作伙伴的经销商关系已结束。在你选择新的记录合作伙伴之前，由{ -operator-name }对其计费。
por-choose-link = 选择记录合作伙伴
por-choose-link-label = 选择记录合作伙伴：{ $offer }
por-activity-ended = 记录合作伙伴身份随经销商关系结束而终止
