customers-title = Клиенты
customers-search-label = Поиск клиентов
customers-search-placeholder = Название или домен
customers-search = Найти
customers-count = { $count ->
    [one] { $count } клиент
    [few] { $count } клиента
    [many] { $count } клиентов
   *[other] { $count } клиента
}
customers-results = { $count ->
    [one] Найден { $count } клиент
    [few] Найдено { $count } клиента
    [many] Найдено { $count } клиентов
   *[other] Найдено { $count } клиента
}
customers-results-more = Найдено более { $count } клиентов. Уточните запрос, чтобы сузить список.
customers-no-results = Клиенты по запросу «{ $query }» не найдены.
customers-empty-title = Клиентов пока нет
customers-empty-body = Клиенты появятся здесь, когда примут ваше приглашение. Отправить письмо с приглашением можно на странице «Запрос отношений торгового посредника».
customers-col-name = Клиент
customers-col-domain = Домен
customers-col-since = Начало отношений торгового посредника
customers-dap-ours = Делегированный администратор
customers-dap-other = Другой партнер
customers-dap-removed = Удалено
customers-dap-released = Вы отказались
customers-dap-none = Нет

customer-back = Все клиенты
customer-reseller-since = Отношения торгового посредника установлены
customer-services-heading = Службы и делегированное администрирование
customer-col-service = Служба
customer-col-access = Ваши делегированные права администратора
customer-access-ours = У вас есть делегированные права администратора
customer-access-removed = Удалены клиентом
customer-access-other = Предоставлены другому партнеру
customer-access-none = Не предоставлены
customer-access-since = с { $date }
customer-access-removed-on = { $date } клиент удалил ваши делегированные права администратора. Чтобы восстановить их, отправьте клиенту приглашение еще раз.
customer-restore = Запросить повторно
customer-subscriptions-heading = Подписки
customer-subscriptions-hint = Удалять рабочие места, заказывать надстройки, переводить подписку на другое предложение и менять ее партнера записи может только партнер записи этой подписки.
customer-no-subscriptions = У этого клиента нет подписок.
customer-col-seats = Рабочие места
customer-col-add-ons = Надстройки
customer-col-por = Партнер записи
customer-por-us = Вы
customer-not-por = Вы не являетесь партнером записи этой подписки, поэтому в этих действиях будет отказано.
customer-remove-seats-label = Число рабочих мест для удаления
customer-remove-seats = Удалить рабочие места
customer-remove-seats-invalid = { $count ->
    [0] У этой подписки одно рабочее место, и оно остается: удалить рабочие места нельзя.
    [one] Введите целое число рабочих мест от 1 до { $count }: у подписки остается хотя бы одно рабочее место.
    [few] Введите целое число рабочих мест от 1 до { $count }: у подписки остается хотя бы одно рабочее место.
    [many] Введите целое число рабочих мест от 1 до { $count }: у подписки остается хотя бы одно рабочее место.
   *[other] Введите целое число рабочих мест от 1 до { $count }: у подписки остается хотя бы одно рабочее место.
}
customer-order-add-on = Заказать надстройку
customer-transition-label = Новое предложение
customer-transition = Перевести
customer-action-invalid = Отправленное значение недопустимо для этой подписки. Вернитесь и проверьте его.
flash-subscription-remove-seats = Рабочие места удалены.
flash-subscription-order-add-on = Надстройка заказана.
flash-subscription-transition = Подписка переведена на другое предложение.
