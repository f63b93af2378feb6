//! What the console reads of an SCNet task, decoded straight from the
//! answer's text: the fields the neutral [`crate::model::Instance`] and the
//! clone form use, under the document's names. Everything else is skipped
//! while parsing; the full mirror is [`super::wire::Task`].

use crate::json::{self, opt_list, Reader};
use crate::providers::lenient::{
    read_bool, read_f64, read_i64, read_plain_string as text, read_string,
};

/// One container instance (list item and detail `data`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Task {
    pub id: Option<String>,
    pub header_notebook_id: Option<String>,
    pub instance_service_name: Option<String>,
    pub gpu_number: Option<i64>,
    pub cpu_number: Option<f64>,
    pub ram_size: Option<i64>,
    pub accelerator_type: Option<String>,
    pub resource_group: Option<String>,
    pub resource_spec: Option<String>,
    pub task_number: Option<i64>,
    pub timeout_limit: Option<String>,
    pub user_name: Option<String>,
    pub version: Option<String>,
    pub image_path: Option<String>,
    pub status: Option<String>,
    pub task_type: Option<String>,
    pub description: Option<String>,
    pub create_time: Option<String>,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub remaining_time: Option<String>,
    pub use_start_script: Option<bool>,
    pub start_script_content: Option<String>,
    pub start_script_action_scope: Option<String>,
}

impl Task {
    /// The task object the reader is at. Members are matched by their
    /// document names (camelCase); others are skipped; a member given twice
    /// keeps its last value; a value of a type the field cannot take is
    /// `None`.
    pub fn read(r: &mut Reader<'_>) -> Result<Self, json::Error> {
        json::read_fields!(r, Task {
            "id" => id: read_string,
            "headerNotebookId" => header_notebook_id: read_string,
            "instanceServiceName" => instance_service_name: text,
            "gpuNumber" => gpu_number: read_i64,
            "cpuNumber" => cpu_number: read_f64,
            "ramSize" => ram_size: read_i64,
            "acceleratorType" => accelerator_type: text,
            "resourceGroup" => resource_group: text,
            "resourceSpec" => resource_spec: text,
            "taskNumber" => task_number: read_i64,
            "timeoutLimit" => timeout_limit: read_string,
            "userName" => user_name: text,
            "version" => version: text,
            "imagePath" => image_path: text,
            "status" => status: text,
            "taskType" => task_type: text,
            "description" => description: text,
            "createTime" => create_time: read_string,
            "startTime" => start_time: read_string,
            "endTime" => end_time: read_string,
            "remainingTime" => remaining_time: read_string,
            "useStartScript" => use_start_script: read_bool,
            "startScriptContent" => start_script_content: text,
            "startScriptActionScope" => start_script_action_scope: text,
        })
    }
}

/// The list envelope `{code, msg, total, data}`.
#[derive(Debug, Default)]
pub struct ListPage {
    pub code: Option<String>,
    pub total: Option<i64>,
    pub data: Option<Vec<Task>>,
}

impl ListPage {
    /// The list envelope the reader is at.
    pub fn read(r: &mut Reader<'_>) -> Result<Self, json::Error> {
        json::read_fields!(r, ListPage {
            "code" => code: read_string,
            "total" => total: read_i64,
            "data" => data: |r| opt_list(r, Task::read),
        })
    }

    /// A `code` other than `"0"` (see [`super::error::is_error_body`]).
    pub fn is_error(&self) -> bool {
        self.code
            .as_deref()
            .is_some_and(|c| c.trim() != super::error::OK_CODE)
    }
}

/// The Task an instance's raw JSON holds (the detail answer's object), for
/// the clone and edit forms; empty for a list item, which keeps none.
pub fn of(instance: &crate::model::Instance) -> Task {
    json::parse(instance.raw.text(), Task::read).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_by_document_name() {
        let task = json::parse(
            r#"{"id":2204208761,"headerNotebookId":"n-1","gpuNumber":"2","cpuNumber":"6.5","ramSize":30720,
            "taskNumber":"1","timeoutLimit":72,"createTime":"2023-01-01 00:00:00","useStartScript":1,
            "status":"Running","status":"Terminated","description":{"x":1},"other":[1,2]}"#,
            Task::read,
        )
        .unwrap();
        assert_eq!(task.id.as_deref(), Some("2204208761"));
        assert_eq!(task.header_notebook_id.as_deref(), Some("n-1"));
        assert_eq!((task.gpu_number, task.cpu_number), (Some(2), Some(6.5)));
        assert_eq!((task.ram_size, task.task_number), (Some(30720), Some(1)));
        assert_eq!(task.timeout_limit.as_deref(), Some("72"));
        assert_eq!(task.use_start_script, Some(true));
        assert_eq!(task.status.as_deref(), Some("Terminated"));
        assert_eq!(task.description, None);
    }

    #[test]
    fn the_list_envelope() {
        let list = json::parse(
            r#"{"code":0,"msg":"success","total":"3","data":[{"id":"a"},null,{"id":"b"}]}"#,
            ListPage::read,
        )
        .unwrap();
        assert_eq!(list.code.as_deref(), Some("0"));
        assert!(!list.is_error());
        assert_eq!(list.total, Some(3));
        assert_eq!(list.data.unwrap().len(), 2);
    }
}
