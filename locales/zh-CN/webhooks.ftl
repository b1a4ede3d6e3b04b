# Webhook（合作伙伴面板，仅限管理员代理）：终结点、签名密钥以及每个终结点的
# 传递日志。“终结点”是接收方的网址；“签名密钥”是接收方用来验证签名的密钥。

webhooks-nav = Webhook
webhooks-title = Webhook
webhooks-intro = 当与客户的关系发生变化时（邀请被接受或拒绝、委派管理被授予或删除、关系即将终止或已终止、你的链接被替换），{ -product-name } 会向你的每个终结点发送一条已签名的 JSON 消息。

webhooks-secret-heading = 请立即复制签名密钥
webhooks-secret-rotated-heading = 请立即复制新的签名密钥
webhooks-secret-for = { $url } 的签名密钥：
webhooks-secret-label = 签名密钥
webhooks-secret-once = 密钥仅显示这一次。请将其保存在接收方，用于验证 webhook-signature 标头。如果丢失，请替换为新密钥。

webhooks-endpoints-heading = 终结点
webhooks-none = 尚无终结点。请在下方添加。
webhooks-col-url = URL
webhooks-col-created = 添加时间
webhooks-col-by = 添加者
webhooks-col-actions = 操作
webhooks-view-log = 传递日志
webhooks-rotate = 替换密钥…
webhooks-delete = 删除…

webhooks-add-heading = 添加终结点
webhooks-url-label = 终结点 URL
webhooks-url-hint = 公共 Internet 上的 https:// 地址，例如 https://example.com/partnerlink/webhooks。
webhooks-add = 添加终结点

webhooks-url-invalid = 这不是有效的网址。请输入完整的 URL（例如 https://example.com/webhooks），不要包含用户名或密码。
webhooks-url-not-https = 地址必须以 https:// 开头，以便消息在传输过程中加密。
webhooks-url-unresolvable = 找不到此地址的主机名。请检查拼写，或在其 DNS 记录发布后重试。
webhooks-url-private = 此地址指向专用网络、环回地址或链路本地地址。Webhook 仅发送到公共 Internet 上的地址。
webhooks-too-many = 最多只能有 { $count } 个终结点。请先删除一个，再添加新的终结点。

webhooks-rotate-title = 要替换签名密钥吗？
webhooks-rotate-warning = 当前密钥将立即失效：从现在起的所有消息（包括重试）都将使用新密钥签名。复制新密钥后，请立即更新接收方。
webhooks-rotate-confirm = 替换密钥
webhooks-delete-title = 要删除此终结点吗？
webhooks-delete-warning = 将不再向此地址发送任何消息。仍在等待发送的消息将不会被传递。
webhooks-delete-confirm = 删除终结点

webhooks-log-title = 传递日志
webhooks-back = 所有终结点
webhooks-log-intro = 最新的消息在前，每条消息均列出所有传递尝试。在终结点返回 2xx 状态之前，系统会以逐渐增加的间隔重试。重新发送的消息保留原来的 webhook-id。
webhooks-log-empty = 尚未向此终结点发送任何消息。
webhooks-log-no-older = 没有更早的消息。
webhooks-log-newest = 最新消息
webhooks-log-older = 更早的消息
webhooks-message-id = 消息 ID（webhook-id）
webhooks-message-created = 创建时间
webhooks-message-attempts = 尝试次数
webhooks-message-sent = 传递时间
webhooks-message-next = 下次尝试
webhooks-message-last-error = 最近的错误
webhooks-attempts-label = 传递尝试
webhooks-col-attempted = 尝试时间
webhooks-col-status-code = HTTP 状态
webhooks-col-result = 结果
webhooks-col-duration = 耗时
webhooks-no-status-code = 无
webhooks-attempt-delivered = 已传递
webhooks-duration-ms = { $ms } 毫秒
webhooks-redeliver = 重新发送

webhooks-status-pending = 等待中
webhooks-status-sent = 已传递
webhooks-status-failed = 失败

webhooks-failure-http-status = 终结点返回了 HTTP 状态 { $code }。
webhooks-failure-timeout = 终结点未及时响应。
webhooks-failure-connect = 无法连接到终结点。
webhooks-failure-endpoint-deleted = 终结点已删除。
webhooks-failure-url-invalid = 终结点地址不是有效的网址。
webhooks-failure-url-not-https = 终结点地址不是以 https:// 开头。
webhooks-failure-url-unresolvable = 找不到终结点的主机名。
webhooks-failure-url-private = 终结点地址现在指向专用网络。
webhooks-failure-other = 传递失败：{ $detail }

webhooks-flash-deleted = 已删除终结点 { $url }。
webhooks-flash-redelivered = 消息 { $id } 将在几秒内重新发送。
webhooks-flash-in-flight = 消息 { $id } 正在发送。请稍后再查看日志。

# The activity log (the detail after it is the endpoint's URL).
webhooks-activity-added = 已添加 Webhook 终结点
webhooks-activity-secret-rotated = 已替换 Webhook 签名密钥
webhooks-activity-deleted = 已删除 Webhook 终结点
webhooks-already-registered = 此 URL 已注册。其签名密钥已在添加时显示；如需新的密钥，请对该终结点使用“替换密钥…”。
