//! Unit tests of lowering and of the preset parser.

use super::*;
use crate::gpu::kernel::{KernelShape, Pass};

const TINY: &str = r#"
id = "tiny"
name = "Tiny"
source = "test"
input = { kind = "image", channels = 3, height_px = 8, width_px = 8 }
layers = [
  { op = "conv", name = "c1", out_channels = 4, kernel = 3, padding = 1, bias = false },
  { op = "batch_norm" },
  { op = "residual", name = "r", repeat = 2, layers = [
    { op = "conv", name = "c2", out_channels = 4, kernel = 3, padding = 1 },
    { op = "relu" },
  ] },
  { op = "global_avg_pool" },
  { op = "flatten" },
  { op = "linear", name = "fc", out_features = 10 },
]
"#;

fn tiny() -> Network {
    parse_network_preset("networks/tiny.toml", TINY).unwrap_or_else(|e| panic!("{e}"))
}

fn errors(text: &str) -> String {
    parse_network_preset("networks/tiny.toml", text)
        .unwrap_err()
        .to_string()
}

#[test]
fn parameters_and_implicit_gemm_shapes() {
    let net = tiny();
    // c1 3·4·9, bn 8, c2 2 × (4·4·9 + 4), fc 4·10 + 10.
    assert_eq!(net.parameters().unwrap(), 108 + 8 + 2 * 148 + 50);
    let k = net.kernels(&WorkloadShape::inference(2, 2)).unwrap();
    // FP16 on NCHW: the windowed convolution's input and filter are transposed to NHWC before
    // it and its output back after it.
    let names: Vec<&str> = k.iter().take(4).map(|k| k.layer.as_str()).collect();
    assert_eq!(
        names,
        [
            "c1 (NCHW→NHWC input)",
            "c1 (NCHW→NHWC filter)",
            "c1",
            "c1 (NHWC→NCHW output)"
        ]
    );
    assert_eq!(
        k[0].shape.compulsory_bytes(),
        (2 * 3 * 64 * 2, 2 * 3 * 64 * 2)
    );
    let c1 = &k[2];
    assert_eq!(
        c1.shape,
        KernelShape::Gemm {
            m: 2 * 64,
            n: 4,
            k: 27,
            count: 1,
            element_bytes: 2,
            a_unique_bytes: 2 * 3 * 64 * 2, // the image, not im2col
            b_unique_bytes: 108 * 2,
        }
    );
    assert!(k.iter().any(|k| k.layer == "r[1].c2"));
    assert!(k.iter().any(|k| k.layer == "r[0] (add)"));
}

#[test]
fn training_adds_backward_in_reverse_order_and_one_adam_step() {
    let net = tiny();
    let k = net.kernels(&WorkloadShape::training(2, 2)).unwrap();
    let fwd: u64 = k
        .iter()
        .filter(|k| k.pass == Pass::Forward && matches!(k.shape, KernelShape::Gemm { .. }))
        .map(|k| k.shape.flops())
        .sum();
    let dw: u64 = k
        .iter()
        .filter(|k| k.pass == Pass::BackwardWeights)
        .filter(|k| matches!(k.shape, KernelShape::Gemm { .. }))
        .map(|k| k.shape.flops())
        .sum();
    assert_eq!(dw, fwd, "dW has the forward's FLOPs");
    // The first convolution gets no dX (its input is data).
    assert!(!k
        .iter()
        .any(|k| k.layer == "c1" && k.pass == Pass::BackwardData));
    let last_bwd = k
        .iter()
        .rposition(|k| k.pass != Pass::WeightUpdate)
        .unwrap();
    assert_eq!(k[last_bwd].layer, "c1");
    assert_eq!(k.last().unwrap().pass, Pass::WeightUpdate);
}

#[test]
fn strided_convolution_dx_keeps_the_forward_flops() {
    let text = TINY.replace(
        "kernel = 3, padding = 1, bias = false",
        "kernel = 3, stride = 2, padding = 1, bias = false",
    );
    let net = parse_network_preset("networks/tiny.toml", &text).unwrap();
    let k = net.kernels(&WorkloadShape::training(1, 4)).unwrap();
    let f = |pass| {
        k.iter()
            .find(|k| k.layer == "r[0].c2" && k.pass == pass)
            .unwrap()
            .shape
            .flops()
    };
    assert_eq!(f(Pass::Forward), f(Pass::BackwardData));
}

#[test]
fn bad_text_gives_named_errors_not_panics() {
    let text = errors(&TINY.replace("kernel = 3, padding = 1 }", "kernal = 3, padding = 1 }"));
    assert!(
        text.contains("layers[2](\"r\").layers[0](\"c2\").kernal = 3: unknown key"),
        "{text}"
    );
    assert!(
        text.contains("layers[2](\"r\").layers[0](\"c2\").kernel: missing"),
        "{text}"
    );
    let text = errors(&TINY.replace("op = \"relu\"", "op = \"relux\""));
    assert!(
        text.contains("op = \"relux\": must be one of: conv, linear"),
        "{text}"
    );
    let text = errors(&TINY.replace("out_features = 10", "out_features = -1"));
    assert!(
        text.contains(":15: layers[5](\"fc\").out_features = -1"),
        "{text}"
    );
    let text = errors(&TINY.replace("{ op = \"flatten\" },", ""));
    assert!(
        text.contains("layer fc: op: needs tokens × features (add { op = \"flatten\" }"),
        "{text}"
    );
    let text = errors(&TINY.replace(
        "repeat = 2, ",
        "repeat = 2, shortcut = [{ op = \"max_pool\", kernel = 2 }], ",
    ));
    assert!(
        text.contains("layer r[0]: shortcut: the main path gives"),
        "{text}"
    );
    let text = errors(&TINY.replace(
        "kernel = 3, padding = 1, bias = false",
        "kernel = 11, bias = false",
    ));
    assert!(
        text.contains("layer c1: kernel: 11 is larger than the padded input (8×8, padding 0)"),
        "{text}"
    );
    for bad in [
        "",
        "layers = 3",
        "id = \"tiny\"\nlayers = [1, 2]",
        &TINY
            .replace("layers = [\n  {", "layers = [[{")
            .replace("},\n]", "}]]"),
        &TINY.replace("repeat = 2", "repeat = 0"),
        &TINY
            .replace("groups", "x")
            .replace("bias = false", "groups = 5"),
    ] {
        assert!(parse_network_preset("networks/tiny.toml", bad).is_err());
    }
}

#[test]
fn workload_errors_name_the_field() {
    let net = tiny();
    let e = net
        .kernels(&WorkloadShape::inference(1, 2).with_seq_len(5))
        .unwrap_err();
    assert_eq!(
        (e.network.as_str(), e.layer.as_str(), e.field.as_str()),
        ("tiny", "-", "seq_len")
    );
    let e = net.kernels(&WorkloadShape::inference(0, 2)).unwrap_err();
    assert_eq!(e.field, "batch");
    let e = net.kernels(&WorkloadShape::inference(1, 0)).unwrap_err();
    assert_eq!(e.field, "element_bytes");
}

#[test]
fn attention_lowers_to_two_batched_gemms_and_a_softmax() {
    let text = r#"
id = "tiny"
name = "T"
source = "test"
input = { kind = "tokens", default_seq_len = 8, max_seq_len = 16 }
layers = [
  { op = "embedding", rows = 100, dim = 8 },
  { op = "linear", out_features = 16 },
  { op = "attention", name = "a", heads = 2, kv_heads = 1, head_dim = 4, causal = true },
]
"#;
    let net = parse_network_preset("networks/tiny.toml", text).unwrap();
    let k = net.kernels(&WorkloadShape::inference(3, 2)).unwrap();
    let qk = k.iter().find(|k| k.layer == "a (Q·Kᵀ)").unwrap();
    assert_eq!(
        qk.shape,
        KernelShape::Gemm {
            m: 8,
            n: 8,
            k: 4,
            count: 6,
            element_bytes: 2,
            a_unique_bytes: 3 * 2 * 8 * 4 * 2,
            b_unique_bytes: 3 * 8 * 4 * 2, // one K head shared by two query heads
        }
    );
    assert!(k.iter().any(|k| k.layer == "a (softmax)"));
    let w = WorkloadShape {
        decode_tokens: Some(10),
        ..WorkloadShape::inference(1, 2)
    };
    let e = net.kernels(&w).unwrap_err();
    assert_eq!(e.field, "decode_tokens");
    let e = net
        .kernels(&WorkloadShape {
            decode_tokens: Some(1),
            ..WorkloadShape::training(1, 2)
        })
        .unwrap_err();
    assert_eq!(e.field, "decode_tokens");
}

#[test]
fn nested_repeats_that_expand_too_far_are_refused_when_read() {
    let text = TINY.replace(
        r#"{ op = "global_avg_pool" },"#,
        r#"{ op = "block", repeat = 1024, layers = [ { op = "block", repeat = 1024, layers = [
             { op = "block", repeat = 1024, layers = [ { op = "relu" } ] } ] } ] },
           { op = "global_avg_pool" },"#,
    );
    let e = errors(&text);
    assert!(e.contains("expand to 10737418"), "{e}");
    assert!(e.contains(&MAX_EXPANDED_LAYERS.to_string()), "{e}");
    // Every shipped-size network is far below the bound.
    assert_eq!(expanded_layers(&tiny().layers), 5 + 2 * 3);
}

#[test]
fn a_network_or_block_without_layers_is_refused_when_read() {
    let start = TINY.find("layers = [").unwrap();
    let empty = format!("{}layers = []\n", &TINY[..start]);
    let e = errors(&empty);
    assert!(e.contains("layers"), "{e}");
    let empty_block = TINY.replace(
        r#"{ op = "global_avg_pool" },"#,
        r#"{ op = "block", repeat = 3, layers = [] }, { op = "global_avg_pool" },"#,
    );
    let e = errors(&empty_block);
    assert!(e.contains("layers"), "{e}");
}
