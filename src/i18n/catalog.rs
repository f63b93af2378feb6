//! The message catalog: every visible string of the console in en and zh-CN.
//! A missing translation is a compile error, not a blank on screen.

use super::Locale;

/// Ends each string in a locale's text; no string may contain it (tested).
const SEPARATOR: char = '\u{1}';

macro_rules! catalog {
    ($($key:ident => $en:literal, $zh:literal;)*) => {
        /// One translatable string.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Key { $($key,)* }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];

            /// Each locale's strings are one text, split once into a table
            /// indexed by the key: no code per string, and no table of
            /// pointers in the download.
            pub fn text(self, locale: Locale) -> &'static str {
                const EN: &str = concat!($($en, "\u{1}",)*);
                const ZH: &str = concat!($($zh, "\u{1}",)*);
                static TABLES: std::sync::OnceLock<[Vec<&'static str>; 2]> =
                    std::sync::OnceLock::new();
                let tables = TABLES.get_or_init(|| {
                    [EN.split(SEPARATOR).collect(), ZH.split(SEPARATOR).collect()]
                });
                let table = match locale {
                    Locale::En => &tables[0],
                    Locale::ZhCn => &tables[1],
                };
                table[self as usize]
            }
        }
    };
}

catalog! {
    AppName => "DevEnv Console", "DevEnv 控制台";
    NavInstances => "Instances", "实例";
    NavCreate => "Create instance", "创建实例";
    SkipToContent => "Skip to content", "跳到主要内容";
    NavMain => "Main", "主导航";
    Breadcrumb => "Breadcrumb", "面包屑导航";
    WhatId => "ID", "ID";
    WhatJson => "JSON", "JSON";
    WhatError => "error", "错误信息";
    Language => "Language", "语言";
    Theme => "Theme", "主题";
    ThemeSystem => "System", "跟随系统";
    ThemeLight => "Light", "浅色";
    ThemeDark => "Dark", "深色";
    Loading => "Loading…", "加载中…";
    Retry => "Retry", "重试";
    PageUnavailable => "This page could not be loaded", "无法加载此页面";
    PageUnavailableHint => "Part of the console is fetched when first opened, and that fetch failed. Check the network connection and try again; if the console was just updated, reload the page.", "控制台的部分内容在首次打开时才下载,这次下载失败了。请检查网络连接后重试;如果控制台刚刚更新过,请重新加载页面。";
    Refresh => "Refresh", "刷新";
    Refreshing => "Refreshing…", "正在刷新…";
    Close => "Close", "关闭";
    Cancel => "Cancel", "取消";
    Copy => "Copy", "复制";
    Copied => "Copied", "已复制";

    ConfigErrorTitle => "The console could not start", "控制台无法启动";
    ConfigErrorFile => "Problem in {file}:", "{file} 有问题:";
    ConfigErrorHint => "Fix the file beside index.html and reload the page. The README lists every setting.",
        "请修正 index.html 旁边的该文件后重新加载页面。README 列出了所有配置项。";
    ConfigUnreachable => "it could not be loaded: {reason}", "无法加载:{reason}";

    ListTitle => "Instances", "实例";
    ListSubtitle => "Every development environment across your endpoints", "所有端点上的开发环境实例";
    ColName => "Name", "名称";
    ColEndpoint => "Endpoint", "端点";
    ColStatus => "Status", "状态";
    ColHardware => "Hardware", "硬件";
    ColFlavor => "Flavor", "规格";
    ColImage => "Image / profile", "镜像 / 配置";
    ColCreated => "Created", "创建时间";
    ColAutoStop => "Auto-stop", "自动停止";
    AutoStopIdle => "Idle {idle} of {max} min", "已空闲 {idle}/{max} 分钟";
    ColActions => "Actions", "操作";
    FilterEndpoint => "Endpoint", "端点";
    FilterStatus => "Status", "状态";
    FilterText => "Search name or ID", "搜索名称或 ID";
    AllEndpoints => "All endpoints", "全部端点";
    AllStatuses => "All statuses", "全部状态";
    SortBy => "Sort by", "排序";
    SortNewest => "Newest first", "最新创建";
    SortOldest => "Oldest first", "最早创建";
    SortNameAsc => "Name A–Z", "名称 A–Z";
    SortNameDesc => "Name Z–A", "名称 Z–A";
    SortStatus => "Status", "状态";
    PageSize => "Rows per page", "每页行数";
    Pagination => "Pagination", "分页";
    PrevPage => "Previous page", "上一页";
    NextPage => "Next page", "下一页";
    ShowingRange => "{from}–{to} of {total}", "第 {from}–{to} 条,共 {total} 条";
    PageOf => "Page {page} of {pages}", "第 {page} / {pages} 页";
    EmptyTitle => "No instances yet", "还没有实例";
    EmptyBody => "Create a development environment on any of your endpoints to see it here.",
        "在任一端点上创建开发环境后,它会显示在这里。";
    ListFailedTitle => "Instances could not be listed", "无法列出实例";
    ListFailedBody => "No endpoint answered, so the console cannot tell which instances exist. The messages above say why; retry once the cause is fixed.",
        "没有端点给出应答,因此无法确定有哪些实例。上方的提示说明了原因,排除后请重试。";
    EmptyPartialBody => "The endpoints that answered have no instances. Instances of the endpoints that could not be listed are not shown.",
        "已应答的端点上没有实例。无法列出的端点上的实例未显示。";
    SignInTitle => "Sign in to use the console", "请先登录再使用控制台";
    SignInBody => "The gateway that holds the cloud accounts needs to know who you are before it lists or changes any instance.",
        "保管云账号的网关需要先确认你的身份,才能列出或修改实例。";
    SignInAction => "Sign in", "登录";
    SignInNoUrl => "Ask whoever runs the console where to sign in, then reload this page.", "请向控制台的管理员询问登录地址,登录后刷新本页。";
    SignedInAs => "Signed in as", "已登录:";
    RoleNote => "Your role on {endpoint} is {role}: {what}", "你在 {endpoint} 上的角色是 {role}:{what}";
    RoleViewerNote => "you can look, not change.", "只能查看,不能修改。";
    RoleOperatorNote => "you can start and stop instances, not create, edit or delete them.", "可以启动和停止实例,不能创建、编辑或删除。";
    RoleNoneNote => "you have no access to this endpoint.", "你无权访问该端点。";
    CreateNeedsAdmin => "Your role on this endpoint ({role}) does not allow creating instances.", "你在该端点上的角色({role})不允许创建实例。";
    EditNeedsAdmin => "Your role on this endpoint ({role}) does not allow editing instances.", "你在该端点上的角色({role})不允许编辑实例。";
    CreateNeedsAdminShort => "Your role here does not allow creating", "你在此处的角色不允许创建";
    NoMatchTitle => "No instance matches these filters", "没有符合筛选条件的实例";
    ClearFilters => "Clear filters", "清除筛选";
    EndpointFailed => "{endpoint} could not be listed", "无法列出 {endpoint} 的实例";
    RequestId => "Request ID", "请求 ID";
    CountsLabel => "Instances by status", "按状态统计";
    Filters => "Filters", "筛选";
    Columns => "Columns", "列";
    ColumnsShown => "Columns shown", "显示的列";
    ColumnsNote => "Narrow screens hide more columns; every value is on the instance's page.",
        "窄屏上会隐藏更多列;所有信息都可在实例详情页查看。";
    DensityCompact => "Compact rows", "紧凑行距";

    ClassRunning => "Running", "运行中";
    ClassTransitional => "In progress", "处理中";
    ClassQueued => "Queued", "排队中";
    ClassStopped => "Stopped", "已停止";
    ClassFailed => "Failed", "失败";
    ClassDeleted => "Deleted", "已删除";
    ClassUnknown => "Unknown", "未知";

    NotFoundTitle => "Page not found", "页面不存在";
    NotFoundBody => "There is nothing at this address.", "此地址没有内容。";
    BackToList => "Back to instances", "返回实例列表";

    ActionStart => "Start", "启动";
    ActionStop => "Stop", "停止";
    ActionRestart => "Restart", "重启";
    ActionDequeue => "Leave queue", "退出排队";
    ActionDelete => "Delete", "删除";
    ActionEdit => "Edit", "编辑";
    ActionClone => "Clone", "克隆";
    Working => "Working…", "处理中…";
    ConfirmStopTitle => "Stop {name}?", "停止 {name}?";
    ConfirmStopBody => "Running work in the instance ends. Files on its storage are kept and you can start it again.",
        "实例中正在运行的任务将结束。存储中的文件会保留,之后可以再次启动。";
    ConfirmDequeueTitle => "Leave the queue with {name}?", "让 {name} 退出排队?";
    ConfirmDequeueBody => "The instance gives up its place in the queue and stays stopped. Start it again later to queue anew.",
        "实例将放弃在队列中的位置并保持停止状态。之后可再次启动以重新排队。";
    ConfirmDeleteTitle => "Delete {name}?", "删除 {name}?";
    ConfirmDeleteBody => "The instance is removed for good. This cannot be undone.", "实例将被永久删除,且无法恢复。";
    TypeNameToConfirm => "Type the instance name, {name}, to confirm", "请输入实例名称 {name} 以确认";
    ToastRequested => "{action}: request accepted for {name}", "{action}:{name} 的请求已受理";
    ToastSettled => "{name} is now {status}", "{name} 现在的状态:{status}";
    ToastDeleted => "{name} was deleted", "{name} 已删除";
    ToastFailed => "{action} {name} failed", "{action} {name} 失败";
    ToastGaveUp => "Stopped following {name}: the provider did not answer. Refresh to see its state.",
        "已停止跟踪 {name}:服务商没有响应。请刷新查看其状态。";
    Dismiss => "Dismiss", "关闭通知";
    Notifications => "Notifications", "通知";

    DetailOverview => "Overview", "概览";
    DetailHardware => "Hardware", "硬件";
    DetailImage => "Image / profile", "镜像 / 配置";
    DetailStorage => "Storage", "存储";
    DetailAutoStop => "Auto-stop", "自动停止";
    DetailQueue => "Queue", "排队";
    DetailFailure => "Failure", "失败原因";
    DetailConnect => "Connect", "连接";
    DetailRaw => "Provider's answer (JSON)", "服务商原始返回(JSON)";
    FieldId => "ID", "ID";
    FieldEndpoint => "Endpoint", "端点";
    IdWorkspace => "Workspace ID", "工作空间 ID";
    IdUser => "User ID", "用户 ID";
    IdPool => "Resource pool ID", "资源池 ID";
    IdAiProject => "AI project ID", "AI 项目 ID";
    IdResource => "Resource ID", "资源 ID";
    IdImage => "Image ID", "镜像 ID";
    IdNotebook => "Notebook ID", "Notebook ID";
    IdOther => "Other ID", "其他 ID";
    FieldProvider => "Provider", "服务商";
    FieldOwner => "Owner", "所有者";
    FieldCreated => "Created", "创建时间";
    FieldUpdated => "Updated", "更新时间";
    FieldDescription => "Description", "描述";
    FieldFlavor => "Flavor", "规格";
    FieldCpu => "CPU", "CPU";
    FieldAccelerators => "Accelerators", "加速卡";
    FieldMemory => "Memory", "内存";
    FieldStatus => "Status", "状态";
    AutoStopEnabled => "Enabled", "已开启";
    AutoStopDisabled => "Off", "未开启";
    AutoStopDuration => "Run time", "运行时长";
    AutoStopStopsIn => "Stops in", "剩余时间";
    AutoStopStopsAt => "Stops at", "停止时间";
    QueuePosition => "Position in queue", "队列位置";
    QueueWait => "Expected wait", "预计等待";
    FailureCode => "Code", "错误码";
    FailureMessage => "Message", "错误信息";
    OpenJupyter => "JupyterLab", "JupyterLab";
    OpenWebIde => "Web IDE", "Web IDE";
    OpenTerminal => "Terminal", "终端";
    OpenProviderConsole => "Provider console", "服务商控制台";
    OpensInNewTab => "(opens in a new tab)", "(在新标签页打开)";
    NoConnect => "Connect links appear while the instance is running.", "实例运行时会显示连接链接。";
    StorageType => "Type", "类型";
    StoragePath => "Path", "路径";
    StorageSize => "Size", "大小";
    StorageMount => "Mount path", "挂载路径";
    NoStorage => "No storage reported.", "服务商未返回存储信息。";
    InstanceNotFoundTitle => "Instance not found", "实例不存在";
    InstanceNotFoundBody => "{endpoint} has no instance with ID {id}. It may have been deleted.",
        "{endpoint} 上没有 ID 为 {id} 的实例,可能已被删除。";
    UnknownEndpointBody => "No endpoint with ID {endpoint} is configured.", "未配置 ID 为 {endpoint} 的端点。";
    DetailLoadFailed => "The instance could not be loaded", "无法加载实例";
    CopyValue => "Copy {what}", "复制{what}";

    EditTitle => "Edit {name}", "编辑 {name}";
    EditAutoStopEnable => "Stop automatically after a run time", "运行一段时间后自动停止";
    EditAutoStopHours => "Run time before stopping (hours, 1–24)", "自动停止前的运行时长(小时,1–24)";
    EditNothingChanged => "Nothing has changed, so nothing was sent.", "没有任何修改,因此未发送请求。";
    EditAutoStopNextStart => "The instance is running: a new auto-stop setting takes effect from its next start. The current countdown goes on as it was.",
        "实例正在运行:新的自动停止设置将在下次启动时生效,当前的倒计时不受影响。";
    EditNotSupported => "{provider} does not offer editing through its API.", "{provider} 的 API 不支持编辑。";
    Save => "Save", "保存";
    Saving => "Saving…", "正在保存…";
    SavedToast => "Saved {name}", "已保存 {name}";
    FixProblems => "Fix these problems before sending:", "发送前请修正以下问题:";
    SaveFailed => "The provider refused the change", "服务商拒绝了此修改";

    ValidationRequired => "Required.", "必填。";
    ValidationTooLong => "At most {max} characters.", "最多 {max} 个字符。";
    ValidationBadChars => "Must not contain {chars}.", "不能包含 {chars}。";
    ValidationPattern => "Format: {pattern}", "格式:{pattern}";
    ValidationRange => "Must be from {min} to {max} {unit}.", "取值范围为 {min}–{max} {unit}。";
    ValidationInteger => "Must be a whole number.", "必须是整数。";
    ValidationNumber => "Must be a number.", "必须是数字。";
    ValidationNotNegative => "Must not be negative.", "不能为负数。";
    ValidationObsTrailingSlash => "An OBS path must end with /.", "OBS 路径必须以 / 结尾。";
    ValidationObsBucketRoot => "Choose a folder inside the bucket, not the bucket root.", "请选择桶内的目录,不能是桶的根目录。";
    ValidationOneOf => "Choose one of the offered values.", "请从给出的选项中选择。";
    ValidationDuplicate => "Each key may appear once.", "每个键只能出现一次。";
    ValidationInvalid => "This value is not accepted.", "此值无效。";
    ValidationAtLeast => "Must be at least {min} {unit}.", "不能小于 {min} {unit}。";
    ValidationAllowedChars => "Use only {allowed} (not {chars}).", "只能使用 {allowed}(不能包含 {chars})。";

    CreateChooseEndpoint => "Where should the instance run?", "实例运行在哪个端点?";
    CreateFormTitle => "New instance on {endpoint}", "在 {endpoint} 上新建实例";
    CreateSubmit => "Create instance", "创建实例";
    CreateSending => "Creating…", "正在创建…";
    CreateAdvanced => "Advanced", "高级选项";
    CreateFailed => "The provider did not create the instance", "服务商未能创建实例";
    CreatedToast => "Creating {name}", "正在创建 {name}";
    CreateDraftRestored => "Your unsent draft was restored.", "已恢复你尚未提交的草稿。";
    CreateDiscardDraft => "Start over", "重新填写";
    CreateCloneOf => "Cloned from {name}", "克隆自 {name}";
    CreateLoadingSpecs => "Loading machine types…", "正在加载规格…";
    CreateNoSpecs => "No machine type is offered for this kind.", "此类型下没有可用规格。";
    AddRow => "Add", "添加";
    RemoveRow => "Remove", "删除";
    KeyLabel => "Key", "键";
    ValueLabel => "Value", "值";
    TabCpu => "CPU", "CPU";
    TabGpu => "GPU", "GPU";
    SpecSoldOut => "sold out", "售罄";
    FName => "Name", "名称";
    FNameHintModelArts => "Up to 64 letters, digits, - and _.", "最多 64 个字母、数字、- 或 _。";
    FNameHintDsw => "Up to 27 letters, digits and _.", "最多 27 个字母、数字或 _。";
    FNameHintScnet => "For example Instances_2205113838. SCNet checks the name when the instance is created.", "例如 Instances_2205113838。名称由 SCNet 在创建时检查。";
    FDescription => "Description", "描述";
    FDescriptionHint => "Up to 512 characters, without & < > \" ' /", "最多 512 个字符,不能包含 & < > \" ' /";
    FProfile => "Profile (image)", "配置(镜像)";
    FFlavor => "Flavor", "规格";
    FStorageType => "Storage", "存储类型";
    FStorageEvs => "EVS disk", "EVS 云硬盘";
    FStorageObs => "OBS folder", "OBS 目录";
    FStorageObsfs => "OBS parallel file system", "OBS 并行文件系统";
    FObsPath => "OBS path", "OBS 路径";
    FObsPathHint => "A folder inside a bucket, ending with /, e.g. /my-bucket/work/", "桶内的目录,以 / 结尾,例如 /my-bucket/work/";
    FEvsSize => "Disk size (GB, 5–4096)", "磁盘大小(GB,5–4096)";
    FAutoStop => "Stop automatically", "自动停止";
    FAutoStopHours => "Run time before stopping (hours, 1–24)", "自动停止前的运行时长(小时,1–24)";
    FWorkspace => "Workspace ID", "工作空间 ID";
    FPool => "Dedicated resource pool ID", "专属资源池 ID";
    FEcsSpec => "Machine type", "机器规格";
    FImage => "Image", "镜像";
    FImageHint => "An image ID or an image URL", "镜像 ID 或镜像地址";
    FAccessibility => "Visibility", "可见范围";
    FPrivate => "Only me", "仅自己可见";
    FPublic => "Everyone in the workspace", "工作空间内所有人";
    FLabels => "Labels", "标签";
    FEnv => "Environment variables", "环境变量";
    FDatasets => "Datasets", "数据集";
    FDatasetId => "Dataset ID", "数据集 ID";
    FMountPath => "Mount path", "挂载路径";
    FCloudDisk => "System disk (GB)", "系统盘(GB)";
    FPriority => "Priority (1–9)", "优先级(1–9)";
    FServiceName => "Instance service name", "实例服务名称";
    FTaskType => "Task type", "任务类型";
    FAccelerator => "Accelerator type", "加速器类型";
    FCpu => "CPU cores", "CPU 核数";
    FGpu => "Accelerators", "加速卡数量";
    FRam => "Memory (MB)", "内存(MB)";
    FResourceGroup => "Resource group", "资源分组";
    FImagePath => "Image path", "镜像路径";
    FVersion => "Image name and tag", "镜像名称与标签";
    FVersionHint => "Empty: taken from the image path", "留空则取自镜像路径";
    FTimeout => "Time limit", "运行时限";
    FTimeoutHint => "HH:MM:SS (for example 01:00:00), or unlimited; blank means unlimited", "HH:MM:SS(如 01:00:00)或 unlimited;留空表示不限";
    FUseStartScript => "Run a start script", "运行启动脚本";
    FStartScript => "Start script", "启动脚本";
    FStartScope => "Script scope", "脚本范围";
    FTaskNumber => "Task count", "任务数量";
    FormLevelError => "The form could not be read; start over.", "无法读取表单,请重新填写。";

    // Operator's view: list page
    SelectPage => "Select all on this page", "选择本页全部实例";
    SelectionBar => "Selected instances", "已选实例";
    SelectedCount => "{count} selected", "已选 {count} 个";
    SelectMatching => "Select all {count} matching", "选择全部 {count} 个匹配实例";
    ClearSelection => "Clear selection", "清除选择";
    NoAutoStop => "Running without auto-stop", "运行中且未设自动停止";
    FleetTitle => "Accelerators in use", "使用中的加速卡";
    Stuck => "stuck", "卡住";
    StuckRowSince => "In this status since {time}", "自 {time} 起一直处于此状态";
    BatchTitle => "{action}: {count} instances", "{action}:{count} 个实例";
    BatchTypeCount => "Type {count} to confirm", "输入 {count} 以确认";
    SaveImage => "Save the environment as an image first", "先将环境保存为镜像";
    SaveImageHint => "For {count} of them: each environment is saved as an image in your account before it stops (slower).", "适用于其中 {count} 个:停止前先将环境保存为您账号下的镜像(耗时更长)。";
    BatchWaiting => "Waiting", "等待中";
    BatchMore => "…and {count} more", "……另有 {count} 个";
    BatchDone => "Requested", "已提交";
    BatchFailed => "Failed", "失败";
    BatchNotAllowed => "Not allowed while {status}", "状态为 {status} 时不可执行";
    BatchNoEndpoint => "Its endpoint is not configured", "未配置其所在端点";
    BatchSummary => "{done} requested, {failed} failed, {refused} skipped", "已提交 {done} 个,失败 {failed} 个,跳过 {refused} 个";
    // Operator's view: detail page
    DetailHistory => "History", "历史记录";
    HistoryEmpty => "Nothing recorded yet.", "暂无记录。";
    WhatHistoryEntry => "entry", "记录";
    SourceEvent => "Event", "事件";
    SourceLifecycle => "Lifecycle", "生命周期";
    SourceObserved => "Seen here", "控制台观察";
    StuckSince => "In {status} since {since} ({ago}), longer than expected.", "自 {since}({ago})起处于 {status},超出预期。";
    StuckReason => "Latest reason", "最近原因";
    DetailUsage => "Resource usage", "资源使用";
    UsageRange => "Time range", "时间范围";
    Range1h => "1 h", "1 小时";
    Range6h => "6 h", "6 小时";
    Range24h => "24 h", "24 小时";
    MetricGpu => "GPU core", "GPU 核心";
    MetricGpuMemory => "GPU memory", "GPU 显存";
    UsageIdle => "Idle over this window", "此时段内空闲";
    UsageNoData => "No data for this window.", "此时段内没有数据。";
    UsageTime => "Time", "时间";
    UsageCaption => "Use in percent over time", "使用率(%)随时间变化";
    TimerTitle => "Shutdown timer", "定时停止";
    TimerNone => "No timer set.", "未设置定时停止。";
    TimerCancel => "Cancel timer", "取消定时";
    TimerSet => "Set timer", "设置定时";
    TimerIn => "In", "多久后";
    TimerAt => "At", "指定时间";
    TimerAmount => "Stop after", "多久后停止";
    UnitMinutes => "minutes", "分钟";
    UnitHours => "hours", "小时";
    TimerAtLabel => "Stop at (local time)", "停止时间(本地时间)";
    IdleTitle => "Stop when idle", "空闲时停止";
    IdleNone => "No idle policy.", "未设置空闲策略。";
    IdleCpu => "CPU below (%)", "CPU 低于(%)";
    IdleGpu => "GPU below (%)", "GPU 低于(%)";
    IdleMinutes => "For (minutes)", "持续(分钟)";
    IdleSoFar => "Idle so far", "已空闲";
    IdleSet => "Set policy", "设置策略";
    IdleReplace => "Replace policy", "替换策略";
    IdleDelete => "Delete policy", "删除策略";
    ValidationFuture => "Choose a time in the future.", "请选择将来的时间。";
    ValidationUnsupported => "This provider has no such policy.", "该服务商不支持此策略。";
}
