# 结束经销商关系（DESIGN.md §11）：任何一方都可以结束；如果合作伙伴仍是某些订阅的记录合作伙伴，
# 关系会先处于“正在结束”状态 10 天，然后变为“已结束”。双方的历史记录中都会保留。

lifecycle-status-active = 有效
lifecycle-status-ending = 正在结束
lifecycle-status-ended = 已结束
lifecycle-status-label = 状态
lifecycle-filter-status = 状态
lifecycle-filter-current = 当前客户
lifecycle-filter-none = 没有处于此状态的客户。
lifecycle-filter-unknown = 地址中的状态不在列表中。请从列表中选择状态。

lifecycle-activity-ending = 经销商关系正在结束
lifecycle-activity-ended = 经销商关系已结束
lifecycle-activity-ending-cancelled = 已取消结束经销商关系

lifecycle-end-title = 要结束经销商关系吗？
lifecycle-end-question-customer = 你将结束你的组织与 { $partner } 之间的经销商关系。
lifecycle-end-question-partner = 你将结束与 { $customer } 之间的经销商关系。
lifecycle-end-what-happens = 将会发生什么
lifecycle-end-no-dap = 当前没有委派管理员权限，因此无需结束。
lifecycle-end-dap-now = 该合作伙伴拥有的所有委派管理员权限将立即结束，涉及以下服务：
lifecycle-end-now = 经销商关系将立即结束。
lifecycle-end-held-customer = 该合作伙伴仍是你的 { $count } 个订阅的记录合作伙伴。
lifecycle-end-held-partner = 你仍是此客户 { $count } 个订阅的记录合作伙伴。
lifecycle-end-later = 因此，经销商关系将进入为期 10 天的通知期，并于{ $date }自动结束。
lifecycle-end-billing = 在关系结束之前，这些订阅的计费仍由其记录合作伙伴负责。届时仍由其持有的订阅将没有记录合作伙伴：在客户选择新的记录合作伙伴之前，由{ -operator-name }计费。
lifecycle-end-move-customer = 在此之前，该合作伙伴只能查看这些订阅，你可以将它们转给其他合作伙伴。
lifecycle-end-read-only-partner = 在此之前，你只能查看这些订阅，客户可以将它们转给其他合作伙伴。
lifecycle-end-history = 该关系会保留在双方的历史记录中。如需再次合作，客户需要再次接受合作伙伴的邀请链接。
lifecycle-end-reason-label = 原因（可选）
lifecycle-end-reason-hint = 最多 500 个字符。双方都会在活动日志中看到。
lifecycle-end-confirm = 结束经销商关系
lifecycle-end-section = 结束经销商关系
lifecycle-end-section-customer-hint = 该合作伙伴的所有委派管理员权限将立即结束。确认页面会先准确说明将会发生什么。
lifecycle-end-section-partner-hint = 你对此客户的所有委派管理员权限将立即结束。确认页面会先准确说明将会发生什么。
lifecycle-end-link = 结束经销商关系

lifecycle-refused-title = 经销商关系未更改
lifecycle-refused-already-ended = 此经销商关系已经结束。未做任何更改。
lifecycle-refused-already-ending = 此经销商关系已在结束过程中。未做任何更改。
lifecycle-refused-not-ending = 此经销商关系并未处于结束过程中，因此无需确认。未做任何更改。
lifecycle-reason-too-long = 原因超过 500 个字符。请返回并缩短；未做任何更改。

lifecycle-flash-ended = 与 { $name } 的经销商关系已结束。
lifecycle-flash-ending = 与 { $name } 的经销商关系正在结束，将于{ $date }结束。委派管理员权限已结束。
lifecycle-flash-acknowledged = 与 { $name } 的经销商关系已结束。

lifecycle-admin-ending-customer = 由你的组织结束；将于{ $date }结束。
lifecycle-admin-ending-partner = 由合作伙伴结束；将于{ $date }结束。
lifecycle-admin-ended-customer = 已由你的组织于{ $date }结束。
lifecycle-admin-ended-partner = 已由合作伙伴于{ $date }结束。
lifecycle-admin-ended = 已于{ $date }结束。

lifecycle-partner-ending-title = 经销商关系将于{ $date }结束
lifecycle-partner-ending-body = 在此之前，你只能查看你担任记录合作伙伴的订阅。你也可以不必等待，立即结束该关系。
lifecycle-acknowledge = 立即结束
lifecycle-partner-read-only = 经销商关系正在结束：你只能查看此订阅。
