// onnx_cases.h — the ONNX test cases convert.py selects, by name, so ctest can list one test per
// case at build time (before the vectors are converted). A manifest test keeps this in step.
#pragma once

namespace cnnlab::conformance {

inline constexpr const char* kOnnxCases[] = {
    "test_adam", "test_adam_multiple", "test_conv_with_autopad_same",
    "test_conv_with_strides_and_asymmetric_padding", "test_conv_with_strides_no_padding",
    "test_conv_with_strides_padding", "test_flatten_axis0", "test_flatten_axis1",
    "test_flatten_axis2", "test_flatten_axis3", "test_flatten_default_axis",
    "test_flatten_negative_axis1", "test_flatten_negative_axis2", "test_flatten_negative_axis3",
    "test_flatten_negative_axis4", "test_gemm_all_attributes", "test_gemm_alpha", "test_gemm_beta",
    "test_gemm_default_matrix_bias", "test_gemm_default_no_bias", "test_gemm_default_scalar_bias",
    "test_gemm_default_single_elem_vector_bias", "test_gemm_default_vector_bias",
    "test_gemm_default_zero_bias", "test_gemm_transposeA", "test_gemm_transposeB",
    "test_maxpool_1d_default", "test_maxpool_2d_ceil", "test_maxpool_2d_default",
    "test_maxpool_2d_dilations", "test_maxpool_2d_pads", "test_maxpool_2d_precomputed_pads",
    "test_maxpool_2d_precomputed_same_upper", "test_maxpool_2d_precomputed_strides",
    "test_maxpool_2d_same_lower", "test_maxpool_2d_same_upper", "test_maxpool_2d_strides",
    "test_maxpool_2d_uint8", "test_maxpool_3d_default",
    "test_maxpool_with_argmax_2d_precomputed_pads",
    "test_maxpool_with_argmax_2d_precomputed_strides", "test_momentum", "test_momentum_multiple",
    "test_nesterov_momentum", "test_relu", "test_sce_mean", "test_sce_mean_3d",
    "test_sce_mean_3d_expanded", "test_sce_mean_3d_log_prob", "test_sce_mean_3d_log_prob_expanded",
    "test_sce_mean_expanded", "test_sce_mean_log_prob", "test_sce_mean_log_prob_expanded",
    "test_sce_mean_no_weight_ii", "test_sce_mean_no_weight_ii_3d",
    "test_sce_mean_no_weight_ii_3d_expanded", "test_sce_mean_no_weight_ii_3d_log_prob",
    "test_sce_mean_no_weight_ii_3d_log_prob_expanded", "test_sce_mean_no_weight_ii_4d",
    "test_sce_mean_no_weight_ii_4d_expanded", "test_sce_mean_no_weight_ii_4d_log_prob",
    "test_sce_mean_no_weight_ii_4d_log_prob_expanded", "test_sce_mean_no_weight_ii_expanded",
    "test_sce_mean_no_weight_ii_log_prob", "test_sce_mean_no_weight_ii_log_prob_expanded",
    "test_sce_mean_weight", "test_sce_mean_weight_expanded", "test_sce_mean_weight_ii",
    "test_sce_mean_weight_ii_3d", "test_sce_mean_weight_ii_3d_expanded",
    "test_sce_mean_weight_ii_3d_log_prob", "test_sce_mean_weight_ii_3d_log_prob_expanded",
    "test_sce_mean_weight_ii_4d", "test_sce_mean_weight_ii_4d_expanded",
    "test_sce_mean_weight_ii_4d_log_prob", "test_sce_mean_weight_ii_4d_log_prob_expanded",
    "test_sce_mean_weight_ii_expanded", "test_sce_mean_weight_ii_log_prob",
    "test_sce_mean_weight_ii_log_prob_expanded", "test_sce_mean_weight_log_prob",
    "test_sce_mean_weight_log_prob_expanded", "test_sigmoid", "test_sigmoid_example",
    "test_softmax_axis_0", "test_softmax_axis_0_expanded", "test_softmax_axis_1",
    "test_softmax_axis_1_expanded", "test_softmax_axis_2", "test_softmax_axis_2_expanded",
    "test_softmax_default_axis", "test_softmax_default_axis_expanded", "test_softmax_example",
    "test_softmax_example_expanded", "test_softmax_large_number",
    "test_softmax_large_number_expanded", "test_softmax_negative_axis",
    "test_softmax_negative_axis_expanded", "test_tanh", "test_tanh_example", "test_Conv2d",
    "test_Conv2d_depthwise", "test_Conv2d_depthwise_padded", "test_Conv2d_depthwise_strided",
    "test_Conv2d_depthwise_with_multiplier", "test_Conv2d_dilated", "test_Conv2d_groups",
    "test_Conv2d_groups_thnn", "test_Conv2d_no_bias", "test_Conv2d_padding", "test_Conv2d_strided",
    "test_Linear", "test_Linear_no_bias", "test_MaxPool2d",
    "test_MaxPool2d_stride_padding_dilation",
};

}  // namespace cnnlab::conformance
