//! The message catalog: every visible string of the console in en and zh-CN.
//! A missing translation is a compile error, not a blank on screen.

use super::Locale;

macro_rules! catalog {
    ($($key:ident => $en:literal, $zh:literal;)*) => {
        /// One translatable string.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Key { $($key,)* }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];

            pub fn text(self, locale: Locale) -> &'static str {
                match (self, locale) {
                    $((Key::$key, Locale::En) => $en, (Key::$key, Locale::ZhCn) => $zh,)*
                }
            }
        }
    };
}

catalog! {
    AppName => "DevEnv Console", "DevEnv 控制台";
    NavInstances => "Instances", "实例";
    NavCreate => "Create instance", "创建实例";
    SkipToContent => "Skip to content", "跳到主要内容";
    Language => "Language", "语言";
    Theme => "Theme", "主题";
    ThemeSystem => "System", "跟随系统";
    ThemeLight => "Light", "浅色";
    ThemeDark => "Dark", "深色";
    Loading => "Loading…", "加载中…";
    Retry => "Retry", "重试";
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
    PrevPage => "Previous page", "上一页";
    NextPage => "Next page", "下一页";
    ShowingRange => "{from}–{to} of {total}", "第 {from}–{to} 条,共 {total} 条";
    PageOf => "Page {page} of {pages}", "第 {page} / {pages} 页";
    EmptyTitle => "No instances yet", "还没有实例";
    EmptyBody => "Create a development environment on any of your endpoints to see it here.",
        "在任一端点上创建开发环境后,它会显示在这里。";
    NoMatchTitle => "No instance matches these filters", "没有符合筛选条件的实例";
    ClearFilters => "Clear filters", "清除筛选";
    EndpointFailed => "{endpoint} could not be listed", "无法列出 {endpoint} 的实例";
    ErrorCode => "Code", "错误码";
    RequestId => "Request ID", "请求 ID";
    WhatToDo => "What to do", "处理建议";
    LastUpdated => "Updated {time}", "更新于 {time}";
    CountsLabel => "Instances by status", "按状态统计";
    AutoStopOff => "Off", "关闭";
    RowActionsSoon => "More actions", "更多操作";

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
}
