//! The catalogs the emulator accepts on create: ModelArts flavors and
//! profiles, PAI-DSW ECS specs. `public/config.json` lists the same values
//! for the console's pickers; keep the two in step.

use serde_json::{json, Value};

/// A ModelArts flavor: its name and the `flavor_details` object answered
/// for instances of that flavor.
pub struct Flavor {
    pub name: &'static str,
    pub details: fn() -> Value,
}

/// ModelArts flavors, as `public/config.json` lists them.
pub const MODELARTS_FLAVORS: &[Flavor] = &[
    Flavor {
        name: "modelarts.vm.cpu.2u",
        details: || {
            json!({
                "name": "modelarts.vm.cpu.2u",
                "params": { "CPU": 2, "GPU": 0, "memory": "8GiB" },
                "status": "onSale",
                "type": "CPU"
            })
        },
    },
    Flavor {
        name: "modelarts.vm.cpu.8u",
        details: || {
            json!({
                "name": "modelarts.vm.cpu.8u",
                "params": { "CPU": 8, "GPU": 0, "memory": "32GiB" },
                "status": "onSale",
                "type": "CPU"
            })
        },
    },
    Flavor {
        name: "modelarts.bm.gpu.v100NV32",
        details: || {
            json!({
                "name": "modelarts.bm.gpu.v100NV32",
                "params": { "CPU": 8, "GPU": 1, "gpu_type": "v100NV32", "memory": "64GiB" },
                "status": "onSale",
                "type": "GPU"
            })
        },
    },
    Flavor {
        name: "modelarts.vm.gpu.p100",
        details: || {
            json!({
                "name": "modelarts.vm.gpu.p100",
                "params": { "CPU": 8, "GPU": 1, "gpu_type": "P100", "memory": "64GiB" },
                "status": "onSale",
                "type": "GPU"
            })
        },
    },
    Flavor {
        name: "modelarts.kat1.xlarge",
        details: || {
            json!({
                "name": "modelarts.kat1.xlarge",
                "params": {
                    "CPU": 24,
                    "NPU": 1,
                    "graphics_memory": "32GiB",
                    "memory": "96GiB",
                    "type": "Ascend 910"
                },
                "status": "onSale",
                "storage_list": ["obs", "efs"],
                "type": "Ascend"
            })
        },
    },
];

/// A ModelArts profile: the `profile_id` a create request names, other ids
/// the same profile is known by (so cloning seed 004's answer works), and
/// the full profile object answered for instances.
pub struct Profile {
    pub id: &'static str,
    pub aliases: &'static [&'static str],
    pub object: fn() -> Value,
}

/// ModelArts profiles, as `public/config.json` lists them.
pub const MODELARTS_PROFILES: &[Profile] = &[
    Profile {
        id: "Multi-Engine 1.0 (python3)-cpu",
        aliases: &[],
        object: || {
            json!({
                "de_type": "Notebook",
                "description": "multi engine, cpu, python 3.6 for notebook",
                "flavor_type": "CPU",
                "id": "Multi-Engine 1.0 (python3)-cpu",
                "name": "Multi-Engine 1.0 (python3)-cpu",
                "provision": {
                    "annotations": { "category": "Multi-Engine 1.0 (python3 推荐)", "type": "system" },
                    "spec": {
                        "engine": "CCE",
                        "params": {
                            "annotations": null,
                            "image_name": "mul-kernel-cpu-cp36",
                            "image_tag": "2.0.5-B003",
                            "namespace": "atelier"
                        }
                    },
                    "type": "Docker"
                }
            })
        },
    },
    Profile {
        id: "Multi-Engine 1.0 (python3)-gpu",
        aliases: &[],
        object: || {
            json!({
                "de_type": "Notebook",
                "description": "multi engine, gpu, python 3.6 for notebook",
                "flavor_type": "GPU",
                "id": "Multi-Engine 1.0 (python3)-gpu",
                "name": "Multi-Engine 1.0 (python3)-gpu",
                "provision": {
                    "annotations": { "category": "Multi-Engine 1.0 (python3)", "type": "system" },
                    "spec": {
                        "engine": "CCE",
                        "params": {
                            "annotations": null,
                            "image_name": "mul-kernel-gpu-cuda-cp36",
                            "image_tag": "2.0.5-B003",
                            "namespace": "atelier"
                        }
                    },
                    "type": "Docker"
                }
            })
        },
    },
    Profile {
        id: "Ascend-Power-Engine 1.0(python3)",
        aliases: &["efa847c0-7359-11eb-b34f-0255ac100057"],
        object: || {
            json!({
                "de_type": "Notebook",
                "description": "Python 3.7/3.6 for notebook",
                "flavor_type": "Ascend",
                "id": "Ascend-Power-Engine 1.0(python3)",
                "name": "Ascend-Powered-Engine 1.0 (python3)",
                "provision": {
                    "annotations": { "category": "Ascend-Powered-Engine 1.0 (Python3)", "type": "system" },
                    "spec": {
                        "engine": "CCE",
                        "params": {
                            "image_name": "mul-kernel-d910-arm-cp37",
                            "image_tag": "3.1.0-c76-2-test",
                            "namespace": "atelier"
                        }
                    },
                    "type": "Docker"
                }
            })
        },
    },
    Profile {
        id: "Python3-gpu",
        aliases: &[],
        object: || {
            json!({
                "de_type": "Notebook",
                "description": "multi engine, gpu, python 3.6 for notebook",
                "flavor_type": "GPU",
                "id": "Python3-gpu",
                "name": "Python3",
                "provision": {
                    "annotations": { "category": "Python3", "type": "system" },
                    "spec": {
                        "engine": "CCE",
                        "params": {
                            "annotations": null,
                            "image_name": "mul-kernel-gpu-cuda-cp36",
                            "image_tag": "2.0.5-B003",
                            "namespace": "atelier"
                        }
                    },
                    "type": "Docker"
                }
            })
        },
    },
];

/// The flavor of that name, if the catalog has it.
pub fn modelarts_flavor(name: &str) -> Option<&'static Flavor> {
    MODELARTS_FLAVORS.iter().find(|f| f.name == name)
}

/// The profile with that id (or alias), if the catalog has it.
pub fn modelarts_profile(id: &str) -> Option<&'static Profile> {
    MODELARTS_PROFILES
        .iter()
        .find(|p| p.id == id || p.aliases.contains(&id))
}

/// A PAI-DSW ECS spec, as ListEcsSpecs answers it.
pub struct EcsSpec {
    pub instance_type: &'static str,
    pub cpu: u32,
    /// GiB.
    pub memory: u32,
    pub gpu: u32,
    pub gpu_type: &'static str,
    /// GiB of memory per GPU card (0 without GPU).
    pub gpu_memory: u32,
    pub accelerator_type: &'static str,
}

/// PAI-DSW ECS specs.
pub const DSW_ECS_SPECS: &[EcsSpec] = &[
    EcsSpec {
        instance_type: "ecs.c6.large",
        cpu: 2,
        memory: 4,
        gpu: 0,
        gpu_type: "",
        gpu_memory: 0,
        accelerator_type: "CPU",
    },
    EcsSpec {
        instance_type: "ecs.g6.xlarge",
        cpu: 4,
        memory: 16,
        gpu: 0,
        gpu_type: "",
        gpu_memory: 0,
        accelerator_type: "CPU",
    },
    EcsSpec {
        instance_type: "ecs.g6.4xlarge",
        cpu: 16,
        memory: 64,
        gpu: 0,
        gpu_type: "",
        gpu_memory: 0,
        accelerator_type: "CPU",
    },
    EcsSpec {
        instance_type: "ecs.gn7i-c8g1.2xlarge",
        cpu: 8,
        memory: 30,
        gpu: 1,
        gpu_type: "NVIDIA A10",
        gpu_memory: 24,
        accelerator_type: "GPU",
    },
    EcsSpec {
        instance_type: "ecs.gn6v-c8g1.2xlarge",
        cpu: 8,
        memory: 32,
        gpu: 1,
        gpu_type: "Tesla-V100-16G",
        gpu_memory: 16,
        accelerator_type: "GPU",
    },
    EcsSpec {
        instance_type: "ecs.gn7i-c32g1.32xlarge",
        cpu: 128,
        memory: 752,
        gpu: 4,
        gpu_type: "NVIDIA A10",
        gpu_memory: 24,
        accelerator_type: "GPU",
    },
];

/// The ECS spec of that name, if the catalog has it.
pub fn dsw_ecs_spec(name: &str) -> Option<&'static EcsSpec> {
    DSW_ECS_SPECS.iter().find(|s| s.instance_type == name)
}

/// GiB per card of a GPU type named in `RequestedResource.GPUType`.
pub fn gpu_memory_of(gpu_type: &str) -> Option<u32> {
    DSW_ECS_SPECS
        .iter()
        .find(|s| s.gpu_type == gpu_type && s.gpu > 0)
        .map(|s| s.gpu_memory)
}

impl EcsSpec {
    /// The spec as ListEcsSpecs answers it.
    pub fn to_json(&self) -> Value {
        json!({
            "InstanceType": self.instance_type,
            "CPU": self.cpu,
            "Memory": self.memory,
            "GPU": self.gpu,
            "GPUType": self.gpu_type,
            "AcceleratorType": self.accelerator_type,
            "IsAvailable": true
        })
    }
}

/// PAI-DSW images generated instances use (the ones `public/config.json` lists).
pub const DSW_IMAGES: &[&str] = &[
    "registry.cn-shanghai.aliyuncs.com/pai_product/tensorflow:py36_cpu_tf1.12_ubuntu",
    "registry.cn-shanghai.aliyuncs.com/pai_product/pytorch:2.1-gpu-py310-cu121-ubuntu22.04",
    "modelscope:1.9.4-pytorch2.0.1tensorflow2.13.0-cpu-py38-ubuntu20.04",
];

/// SCNet resource groups generated instances use.
pub const SCNET_RESOURCE_GROUPS: &[&str] = &["TeslaM40", "K100_AI", "CPU"];

/// SCNet images generated instances use.
pub const SCNET_IMAGES: &[&str] = &[
    "10.0.35.26:5000/gpu/admin/base/pytorch:1.2-py3.6-CUDA10.0",
    "10.0.35.26:5000/gpu/admin/base/tensorflow:2.8-py3.8-CUDA11.2",
    "10.0.35.26:5000/cpu/admin/base/jupyter:py3.10",
];
