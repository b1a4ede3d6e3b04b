# Веб-перехватчики (webhooks) в панели партнера, только для агентов
# администратора. «Конечная точка» — адрес получателя; «секрет подписи» —
# ключ, которым получатель проверяет подписи.

webhooks-nav = Веб-перехватчики
webhooks-title = Веб-перехватчики
webhooks-intro = Когда в отношениях с клиентом что-то меняется (приглашение принято или отклонено, делегированное администрирование предоставлено или отозвано, отношения прекращаются или прекращены, ваша ссылка заменена), { -product-name } отправляет подписанное сообщение JSON на каждую вашу конечную точку.

webhooks-secret-heading = Скопируйте секрет подписи сейчас
webhooks-secret-rotated-heading = Скопируйте новый секрет подписи сейчас
webhooks-secret-for = Секрет подписи для { $url }:
webhooks-secret-label = Секрет подписи
webhooks-secret-once = Секрет показывается только один раз. Сохраните его у получателя: с его помощью проверяется заголовок webhook-signature. Если секрет утерян, замените его новым.

webhooks-endpoints-heading = Конечные точки
webhooks-none = Конечных точек пока нет. Добавьте первую ниже.
webhooks-col-url = URL-адрес
webhooks-col-created = Добавлена
webhooks-col-by = Кто добавил
webhooks-col-actions = Действия
webhooks-view-log = Журнал доставки
webhooks-rotate = Заменить секрет…
webhooks-delete = Удалить…

webhooks-add-heading = Добавление конечной точки
webhooks-url-label = URL-адрес конечной точки
webhooks-url-hint = Адрес https:// в общедоступном Интернете, например https://example.com/partnerlink/webhooks.
webhooks-add = Добавить конечную точку

webhooks-url-invalid = Это недопустимый веб-адрес. Введите полный URL-адрес, например https://example.com/webhooks, без имени пользователя и пароля.
webhooks-url-not-https = Адрес должен начинаться с https://, чтобы сообщения передавались в зашифрованном виде.
webhooks-url-unresolvable = Не удалось найти имя узла из этого адреса. Проверьте написание или повторите попытку, когда будет опубликована его запись DNS.
webhooks-url-private = Этот адрес ведет в частную сеть, на петлевой (loopback) или локальный для канала (link-local) адрес. Веб-перехватчики отправляются только на адреса в общедоступном Интернете.
webhooks-too-many = { $count ->
    [one] Можно добавить не более { $count } конечной точки. Удалите ее, прежде чем добавлять новую.
    [few] Можно добавить не более { $count } конечных точек. Удалите одну, прежде чем добавлять новую.
    [many] Можно добавить не более { $count } конечных точек. Удалите одну, прежде чем добавлять новую.
   *[other] Можно добавить не более { $count } конечной точки. Удалите одну, прежде чем добавлять новую.
}

webhooks-rotate-title = Заменить секрет подписи?
webhooks-rotate-warning = Текущий секрет сразу перестанет действовать: все сообщения с этого момента, включая повторные попытки, подписываются новым секретом. Обновите получатель сразу после копирования нового секрета.
webhooks-rotate-confirm = Заменить секрет
webhooks-delete-title = Удалить эту конечную точку?
webhooks-delete-warning = На этот адрес больше не будут отправляться сообщения. Сообщения, которые еще ожидают отправки, доставлены не будут.
webhooks-delete-confirm = Удалить конечную точку

webhooks-log-title = Журнал доставки
webhooks-back = Все конечные точки
webhooks-log-intro = Сначала самые новые сообщения, у каждого — все попытки доставки. Сообщение отправляется повторно со все большими интервалами, пока конечная точка не ответит кодом 2xx. При повторной отправке webhook-id сообщения не меняется.
webhooks-log-empty = На эту конечную точку еще не отправлялось сообщений.
webhooks-log-no-older = Более ранних сообщений нет.
webhooks-log-newest = Новые сообщения
webhooks-log-older = Более ранние сообщения
webhooks-message-id = Идентификатор сообщения (webhook-id)
webhooks-message-created = Создано
webhooks-message-attempts = Попыток
webhooks-message-sent = Доставлено
webhooks-message-next = Следующая попытка
webhooks-message-last-error = Последняя ошибка
webhooks-attempts-label = Попытки доставки
webhooks-col-attempted = Время попытки
webhooks-col-status-code = Код HTTP
webhooks-col-result = Результат
webhooks-col-duration = Длительность
webhooks-no-status-code = нет
webhooks-attempt-delivered = Доставлено
webhooks-duration-ms = { $ms } мс
webhooks-redeliver = Отправить повторно

webhooks-status-pending = Ожидает
webhooks-status-sent = Доставлено
webhooks-status-failed = Не доставлено

webhooks-failure-http-status = Конечная точка ответила кодом состояния HTTP { $code }.
webhooks-failure-timeout = Конечная точка не ответила вовремя.
webhooks-failure-connect = Не удалось подключиться к конечной точке.
webhooks-failure-endpoint-deleted = Конечная точка удалена.
webhooks-failure-url-invalid = Адрес конечной точки не является допустимым веб-адресом.
webhooks-failure-url-not-https = Адрес конечной точки не начинается с https://.
webhooks-failure-url-unresolvable = Не удалось найти имя узла конечной точки.
webhooks-failure-url-private = Адрес конечной точки теперь ведет в частную сеть.
webhooks-failure-other = Доставка не удалась: { $detail }

webhooks-flash-deleted = Конечная точка { $url } удалена.
webhooks-flash-redelivered = Сообщение { $id } будет отправлено повторно в течение нескольких секунд.
webhooks-flash-in-flight = Сообщение { $id } отправляется прямо сейчас. Обновите журнал через несколько секунд.

# The activity log (the detail after it is the endpoint's URL).
webhooks-activity-added = Добавлена конечная точка веб-перехватчика
webhooks-activity-secret-rotated = Заменен секрет подписи веб-перехватчика
webhooks-activity-deleted = Удалена конечная точка веб-перехватчика
webhooks-already-registered = Этот URL-адрес уже зарегистрирован. Его секрет подписи был показан при добавлении; чтобы получить новый, используйте «Заменить секрет…» у этой конечной точки.
