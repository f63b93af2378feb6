//! What the console reads of a PAI-DSW instance object, decoded straight
//! from the answer's text: the fields the neutral [`crate::model::Instance`],
//! the clone and edit forms and the edit request use, under the document's
//! names. Everything else in the object is skipped while parsing, so the
//! list holds no copy of it; the full mirror is [`super::wire::Instance`].

use super::wire::{
    CloudDisk, Dataset, IdleInstanceCuller, InstanceShutdownTimer, Label, RequestedResource,
};
use crate::json::{self, opt_list, opt_object, Kind, Reader};
use crate::providers::lenient::{
    read_bool, read_i64, read_plain_string as text, read_string, read_string_map, read_text, Pairs,
};

/// One DSW instance (ListInstances item; GetInstance's top level).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Instance {
    pub workspace_id: Option<String>,
    pub instance_id: Option<String>,
    pub instance_name: Option<String>,
    pub ecs_spec: Option<String>,
    pub status: Option<String>,
    pub instance_url: Option<String>,
    pub jupyterlab_url: Option<String>,
    /// `WebIDEUrl`.
    pub web_ide_url: Option<String>,
    pub terminal_url: Option<String>,
    pub image_id: Option<String>,
    pub image_url: Option<String>,
    pub image_name: Option<String>,
    pub gmt_create_time: Option<String>,
    pub gmt_modified_time: Option<String>,
    pub user_id: Option<String>,
    pub user_name: Option<String>,
    pub datasets: Option<Vec<Dataset>>,
    pub instance_shutdown_timer: Option<InstanceShutdownTimer>,
    pub idle_instance_culler: Option<IdleInstanceCuller>,
    pub reason_code: Option<String>,
    pub reason_message: Option<String>,
    pub accelerator_type: Option<String>,
    pub accessibility: Option<String>,
    pub environment_variables: Option<Pairs>,
    pub resource_id: Option<String>,
    pub resource_name: Option<String>,
    pub priority: Option<i64>,
    pub requested_resource: Option<RequestedResource>,
    pub labels: Option<Vec<Label>>,
    pub cloud_disks: Option<Vec<CloudDisk>>,
}

impl Instance {
    /// The instance object the reader is at. Members are matched by their
    /// document names (PascalCase); others are skipped; a member given twice
    /// keeps its last value; a value of a type the field cannot take is
    /// `None`.
    pub fn read(r: &mut Reader<'_>) -> Result<Self, json::Error> {
        let mut i = Instance::default();
        r.object(&mut |key, r| {
            if i.list_member(key, r)? {
                return Ok(());
            }
            match key {
                "WorkspaceId" => i.workspace_id = read_string(r)?,
                "InstanceUrl" => i.instance_url = text(r)?,
                "JupyterlabUrl" => i.jupyterlab_url = text(r)?,
                "WebIDEUrl" => i.web_ide_url = text(r)?,
                "TerminalUrl" => i.terminal_url = text(r)?,
                "UserId" => i.user_id = read_string(r)?,
                "UserName" => i.user_name = text(r)?,
                "Datasets" => i.datasets = opt_list(r, read_dataset)?,
                "ReasonCode" => i.reason_code = text(r)?,
                "ReasonMessage" => i.reason_message = text(r)?,
                "Accessibility" => i.accessibility = text(r)?,
                "EnvironmentVariables" => i.environment_variables = read_string_map(r)?,
                "ResourceId" => i.resource_id = text(r)?,
                "Priority" => i.priority = read_i64(r)?,
                "Labels" => i.labels = read_labels(r)?,
                "CloudDisks" => i.cloud_disks = opt_list(r, read_cloud_disk)?,
                _ => r.skip()?,
            }
            Ok(())
        })?;
        Ok(i)
    }

    /// What a list shows, and nothing else: a list of 10,000 instances reads
    /// no datasets, disks, labels or variables, and the first download
    /// carries no code to read them (the detail page's [`Instance::read`]
    /// does).
    pub fn read_listed(r: &mut Reader<'_>) -> Result<Self, json::Error> {
        let mut i = Instance::default();
        r.object(&mut |key, r| {
            if !i.list_member(key, r)? {
                r.skip()?;
            }
            Ok(())
        })?;
        Ok(i)
    }

    /// Reads `key` if the list needs it; `false` (nothing read) otherwise.
    fn list_member(&mut self, key: &str, r: &mut Reader<'_>) -> Result<bool, json::Error> {
        let i = self;
        match key {
            "InstanceId" => i.instance_id = text(r)?,
            "InstanceName" => i.instance_name = text(r)?,
            "EcsSpec" => i.ecs_spec = text(r)?,
            "Status" => i.status = text(r)?,
            "ImageId" => i.image_id = text(r)?,
            "ImageUrl" => i.image_url = text(r)?,
            "ImageName" => i.image_name = text(r)?,
            "GmtCreateTime" => i.gmt_create_time = text(r)?,
            "GmtModifiedTime" => i.gmt_modified_time = text(r)?,
            "InstanceShutdownTimer" => {
                i.instance_shutdown_timer = opt_object(r, read_shutdown_timer)?
            }
            "IdleInstanceCuller" => i.idle_instance_culler = opt_object(r, read_idle_culler)?,
            "AcceleratorType" => i.accelerator_type = text(r)?,
            "ResourceName" => i.resource_name = text(r)?,
            "RequestedResource" => i.requested_resource = opt_object(r, read_requested_resource)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// `Datasets[]`.
fn read_dataset(r: &mut Reader<'_>) -> Result<Dataset, json::Error> {
    json::read_fields!(r, Dataset {
        "DatasetId" => dataset_id: text,
        "DatasetVersion" => dataset_version: text,
        "Uri" => uri: text,
        "MountPath" => mount_path: text,
        "MountAccess" => mount_access: text,
        "Options" => options: read_text,
        "OptionType" => option_type: text,
        "Dynamic" => dynamic: read_bool,
    })
}

/// `InstanceShutdownTimer` (and the GetInstanceShutdownTimer answer).
pub(crate) fn read_shutdown_timer(
    r: &mut Reader<'_>,
) -> Result<InstanceShutdownTimer, json::Error> {
    json::read_fields!(r, InstanceShutdownTimer {
        "InstanceId" => instance_id: text,
        "GmtCreateTime" => gmt_create_time: text,
        "GmtModifiedTime" => gmt_modified_time: text,
        "DueTime" => due_time: text,
        "RemainingTimeInMs" => remaining_time_in_ms: read_i64,
    })
}

/// `IdleInstanceCuller` (and the GetIdleInstanceCuller answer).
pub(crate) fn read_idle_culler(r: &mut Reader<'_>) -> Result<IdleInstanceCuller, json::Error> {
    json::read_fields!(r, IdleInstanceCuller {
        "InstanceId" => instance_id: text,
        "CpuPercentThreshold" => cpu_percent_threshold: read_i64,
        "GpuPercentThreshold" => gpu_percent_threshold: read_i64,
        "MaxIdleTimeInMinutes" => max_idle_time_in_minutes: read_i64,
        "IdleTimeInMinutes" => idle_time_in_minutes: read_i64,
    })
}

/// `RequestedResource`: values are strings (`"32"`, `"8Gi"`), numbers accepted.
fn read_requested_resource(r: &mut Reader<'_>) -> Result<RequestedResource, json::Error> {
    json::read_fields!(r, RequestedResource {
        "CPU" => cpu: read_string,
        "Memory" => memory: read_string,
        "SharedMemory" => shared_memory: read_string,
        "GPU" => gpu: read_string,
        "GPUType" => gpu_type: read_string,
    })
}

/// `CloudDisks[]`.
fn read_cloud_disk(r: &mut Reader<'_>) -> Result<CloudDisk, json::Error> {
    json::read_fields!(r, CloudDisk {
        "Capacity" => capacity: read_string,
        "SubType" => sub_type: text,
        "MountPath" => mount_path: text,
        "Path" => path: text,
    })
}

/// `Labels`: a list of `{Key, Value}` objects (entries of another type are
/// dropped), or an object of key → value (listed by key). Read as a whole
/// value, so it is checked as one.
fn read_labels(r: &mut Reader<'_>) -> Result<Option<Vec<Label>>, json::Error> {
    match r.kind()? {
        Kind::Array => {
            let mut labels = Vec::new();
            r.array(&mut |r| {
                if r.kind()? == Kind::Object {
                    labels.push(read_label(r)?);
                } else {
                    r.raw_value()?;
                }
                Ok(())
            })?;
            Ok(Some(labels))
        }
        Kind::Object => {
            let mut entries = Vec::new();
            r.object(&mut |key, r| {
                entries.push((key.to_string(), read_string(r)?));
                Ok(())
            })?;
            let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
            let keep = crate::order::last_of_each_key(&keys);
            let mut slots: Vec<Option<(String, Option<String>)>> =
                entries.into_iter().map(Some).collect();
            let labels = keep
                .into_iter()
                .filter_map(|at| slots[at].take())
                .map(|(key, value)| Label {
                    key: Some(key),
                    value,
                });
            Ok(Some(labels.collect()))
        }
        _ => {
            r.raw_value()?;
            Ok(None)
        }
    }
}

/// `Labels[]`: `{Key, Value}`.
fn read_label(r: &mut Reader<'_>) -> Result<Label, json::Error> {
    let mut label = Label::default();
    r.object(&mut |key, r| {
        match key {
            "Key" => label.key = read_string(r)?,
            "Value" => label.value = read_string(r)?,
            _ => {
                r.raw_value()?;
            }
        }
        Ok(())
    })?;
    Ok(label)
}

/// The ListInstances answer: the page's instances, its total, and the
/// envelope fields that say it is an error after all.
#[derive(Debug, Default)]
pub struct ListPage {
    pub success: Option<bool>,
    pub http_status_code: Option<i64>,
    pub total_count: Option<i64>,
    pub instances: Option<Vec<Instance>>,
}

impl ListPage {
    /// The ListInstances answer the reader is at.
    pub fn read(r: &mut Reader<'_>) -> Result<Self, json::Error> {
        json::read_fields!(r, ListPage {
            "Success" => success: read_bool,
            "HttpStatusCode" => http_status_code: read_i64,
            "TotalCount" => total_count: read_i64,
            "Instances" => instances: |r| opt_list(r, Instance::read_listed),
        })
    }

    /// The envelope says the call failed (`Success: false`, or an
    /// `HttpStatusCode` of 400 or more), whatever the HTTP status.
    pub fn is_error(&self) -> bool {
        self.success == Some(false) || self.http_status_code.is_some_and(|s| s >= 400)
    }
}

/// The Instance an instance's raw JSON holds (the detail answer's object), for
/// the clone and edit forms; empty for a list item, which keeps none.
pub fn of(instance: &crate::model::Instance) -> Instance {
    json::parse(instance.raw.text(), Instance::read).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instance(text: &str) -> Instance {
        json::parse(text, Instance::read).unwrap()
    }

    #[test]
    fn members_by_document_name() {
        let i = instance(
            r#"{"WorkspaceId":40823,"InstanceId":"dsw-1","WebIDEUrl":"https://ide","JupyterlabUrl":"https://lab",
            "UserId":1612285282502324,"Priority":"3","EnvironmentVariables":{"A":1,"B":"b"},
            "Datasets":[{"DatasetId":"d-1","Options":{"b":"1","a":2},"Dynamic":"false"}],
            "InstanceShutdownTimer":{"DueTime":"2021-01-12T14:36:01Z","RemainingTimeInMs":"3600000"},
            "RequestedResource":{"CPU":32,"Memory":"32Gi","GPUType":"A10"},
            "CloudDisks":[{"Capacity":30,"SubType":"rootfs"}]}"#,
        );
        assert_eq!(i.workspace_id.as_deref(), Some("40823"));
        assert_eq!(i.instance_id.as_deref(), Some("dsw-1"));
        assert_eq!(i.web_ide_url.as_deref(), Some("https://ide"));
        assert_eq!(i.jupyterlab_url.as_deref(), Some("https://lab"));
        assert_eq!(i.user_id.as_deref(), Some("1612285282502324"));
        assert_eq!(i.priority, Some(3));
        assert_eq!(i.environment_variables.unwrap()["A"], "1");
        let dataset = &i.datasets.unwrap()[0];
        assert_eq!(dataset.options.as_deref(), Some(r#"{"a":2,"b":"1"}"#));
        assert_eq!(dataset.dynamic, Some(false));
        let timer = i.instance_shutdown_timer.unwrap();
        assert_eq!(timer.remaining_time_in_ms, Some(3_600_000));
        let resource = i.requested_resource.unwrap();
        assert_eq!(resource.cpu.as_deref(), Some("32"));
        assert_eq!(resource.gpu_type.as_deref(), Some("A10"));
        assert_eq!(i.cloud_disks.unwrap()[0].capacity.as_deref(), Some("30"));
    }

    #[test]
    fn labels_as_a_list_or_an_object() {
        let listed = instance(r#"{"Labels":[{"Key":"k","Value":1},"x",{"Value":"v"},null]}"#);
        let labels = listed.labels.unwrap();
        assert_eq!(labels.len(), 2);
        assert_eq!(labels[0].value.as_deref(), Some("1"));
        assert_eq!(labels[1].key, None);
        let keyed = instance(r#"{"Labels":{"b":"2","a":null,"b":"3"}}"#);
        let labels = keyed.labels.unwrap();
        let pairs: Vec<_> = labels
            .iter()
            .map(|l| (l.key.as_deref(), l.value.as_deref()))
            .collect();
        assert_eq!(pairs, [(Some("a"), None), (Some("b"), Some("3"))]);
        assert_eq!(instance(r#"{"Labels":"x"}"#).labels, None);
    }

    #[test]
    fn repeated_members_keep_the_last_and_odd_types_are_none() {
        let i = instance(
            r#"{"InstanceName":"a","InstanceName":"b","Status":1,"Datasets":{},"Unknown":{"x":[1,{"y":null}]}}"#,
        );
        assert_eq!(i.instance_name.as_deref(), Some("b"));
        assert_eq!((i.status, i.datasets), (None, None));
        let list = json::parse(
            r#"{"Success":"false","HttpStatusCode":"200","TotalCount":1,"Instances":[{"InstanceId":"x"}]}"#,
            ListPage::read,
        )
        .unwrap();
        assert!(list.is_error());
        assert_eq!(list.instances.unwrap().len(), 1);
    }
}
