request-title = 请求经销商关系
request-when-heading = 适用场景
request-when-multipartner = 你服务的客户已有其他合作伙伴（多合作伙伴或多渠道场景）。
request-when-restore = 客户删除了你的委派管理员权限，而你需要恢复这些权限，才能为客户预配服务或提供支持。
request-limitation-heading = 此流程仅授予委派管理员权限
request-limitation-body = 如果你不是订阅的原始经销商，则不会就该订阅向你计费，你也不能删除席位、订购加载项、转换或迁移订阅，或更改记录合作伙伴（Partner of Record）。
request-steps-heading = 发送邀请
request-step-options = 选择电子邮件的语言，以及是否请求委派管理员权限。
request-step-edit = 你可以根据需要编辑或删除前两段和落款。链接段落必须保持原样。
request-step-send = 复制电子邮件，并将其发送给客户的全局管理员。
request-email-language = 电子邮件语言
request-email-language-hint = 使用客户的语言撰写电子邮件；此页面仍以你的语言显示。
request-email-language-unknown = 所选电子邮件语言不可用，因此电子邮件以此页面的语言显示。
request-include-dap = 包括委派管理员权限
request-include-dap-hint = 取消选中可仅请求经销商关系。
request-update = 更新电子邮件
request-email-heading = 电子邮件正文
request-email-subject-line = 主题：{ $subject }
request-paragraph-1-label = 第 1 段（可编辑或删除）
request-paragraph-2-label = 第 2 段（可编辑或删除）
request-link-paragraph-label = 链接段落（请勿更改）
request-closing-label = 落款（可编辑或删除）
request-copy = 复制电子邮件
request-copied = 已复制。请将其粘贴到发给客户的邮件中。
request-copy-fallback = 此处无法复制。文本已选中：请按 Ctrl+C（Mac 上按 ⌘+C）。
request-open-mail = 在邮件应用中打开
request-no-js-hint = 你也可以手动选择上方的文本并复制。
request-link-heading = 你的邀请链接
request-link-label = 邀请链接
request-link-hint = 此链接专属于你的合作伙伴帐户，不包含任何客户信息，因此你可以将同一链接发送给所有客户。
request-link-kinds-hint = 上面的每个选项都有各自的链接：客户无法将仅请求经销商关系的链接改为请求委派管理员权限的链接。替换链接时，两个链接都会被替换。
request-rotate = 替换链接…

request-email-subject = { $partner } 希望成为您的经销商
request-email-paragraph-1 =
    尊敬的客户：
    我们是 { $partner }，希望成为贵组织的经销商，为您提供由{ -operator-name }运营的云服务。届时，您可以通过我们购买订阅，并获得我们的支持。
request-email-paragraph-2 = 接受邀请时，您可以自行选择由我们担任委派管理员的服务，并可随时在管理中心删除我们的委派管理员权限。计费方式保持不变：您现有的订阅仍由当前的经销商负责。接受邀请前，请阅读《经销商协议》：{ $agreement }
request-email-paragraph-2-no-dap = 我们仅请求建立经销商关系：接受邀请不会授予我们对贵组织的任何管理访问权限。计费方式保持不变：您现有的订阅仍由当前的经销商负责。接受邀请前，请阅读《经销商协议》：{ $agreement }
request-email-link-paragraph = 如需接受此邀请，授权 { $partner } 作为您的经销商并授予其委派管理员权限，请打开以下链接，并以贵组织全局管理员的身份登录：{ $link }
request-email-link-paragraph-no-dap = 如需接受此邀请，授权 { $partner } 作为您的经销商（不授予委派管理员权限），请打开以下链接，并以贵组织全局管理员的身份登录：{ $link }
request-email-closing =
    此致
    敬礼！
    { $partner }

rotate-title = 替换邀请链接？
rotate-warning = 你已发送的链接将失效：通过这些链接访问的客户会被提示向你索取新链接。现有客户不受影响。
rotate-confirm = 替换链接
flash-link-rotated = 已替换你的邀请链接。之前发送的链接不再有效。
