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
        let mut t = Task::default();
        r.object(&mut |key, r| {
            match key {
                "id" => t.id = read_string(r)?,
                "headerNotebookId" => t.header_notebook_id = read_string(r)?,
                "instanceServiceName" => t.instance_service_name = text(r)?,
                "gpuNumber" => t.gpu_number = read_i64(r)?,
                "cpuNumber" => t.cpu_number = read_f64(r)?,
                "ramSize" => t.ram_size = read_i64(r)?,
                "acceleratorType" => t.accelerator_type = text(r)?,
                "resourceGroup" => t.resource_group = text(r)?,
                "resourceSpec" => t.resource_spec = text(r)?,
                "taskNumber" => t.task_number = read_i64(r)?,
                "timeoutLimit" => t.timeout_limit = read_string(r)?,
                "userName" => t.user_name = text(r)?,
                "version" => t.version = text(r)?,
                "imagePath" => t.image_path = text(r)?,
                "status" => t.status = text(r)?,
                "taskType" => t.task_type = text(r)?,
                "description" => t.description = text(r)?,
                "createTime" => t.create_time = read_string(r)?,
                "remainingTime" => t.remaining_time = read_string(r)?,
                "useStartScript" => t.use_start_script = read_bool(r)?,
                "startScriptContent" => t.start_script_content = text(r)?,
                "startScriptActionScope" => t.start_script_action_scope = text(r)?,
                _ => r.skip()?,
            }
            Ok(())
        })?;
        Ok(t)
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
        let mut l = ListPage::default();
        r.object(&mut |key, r| {
            match key {
                "code" => l.code = read_string(r)?,
                "total" => l.total = read_i64(r)?,
                "data" => l.data = opt_list(r, Task::read)?,
                _ => r.skip()?,
            }
            Ok(())
        })?;
        Ok(l)
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
