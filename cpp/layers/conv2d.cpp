// layers/conv2d.cpp — convolution: forward by the direct kernel, backward by im2col, GEMMs, col2im.
#include "conv2d.h"

#include <algorithm>

#include "../kernels/dense_kernel.h"
#include "../kernels/im2col.h"
#include "../parallel.h"

namespace cnnlab {

namespace {

kernels::ConvGeometry conv_geometry(const Shape& in, const Conv2dConfig& k) {
  kernels::ConvGeometry g;
  g.c = in.at(0), g.h = in.at(1), g.w = in.at(2), g.o = k.filters;
  g.kh = k.kh, g.kw = k.kw, g.sh = k.sh, g.sw = k.sw, g.ph = k.ph, g.pw = k.pw;
  g.ho = window_out(g.h, k.kh, k.sh, k.ph);
  g.wo = window_out(g.w, k.kw, k.sw, k.pw);
  return g;
}

}  // namespace

Conv2d::Conv2d(Shape in_shape, const Conv2dConfig& config, bool he)
    : Layer(std::move(in_shape)), cfg_(config), he_(he), direct_(conv_geometry(in_shape_, config)) {
  c_ = in_shape_.at(0);
  h_ = in_shape_.at(1);
  w_ = in_shape_.at(2);
  ho_ = direct_.geometry().ho;
  wo_ = direct_.geometry().wo;
  out_shape_ = {cfg_.filters, ho_, wo_};
  if (cfg_.sh == 1 && cfg_.sw == 1 && cfg_.ph < cfg_.kh && cfg_.pw < cfg_.kw) {
    kernels::ConvGeometry t;
    t.c = cfg_.filters, t.h = ho_, t.w = wo_, t.o = c_;
    t.kh = cfg_.kh, t.kw = cfg_.kw, t.ph = cfg_.kh - 1 - cfg_.ph, t.pw = cfg_.kw - 1 - cfg_.pw;
    t.ho = h_, t.wo = w_;
    input_grad_conv_ = std::make_unique<kernels::DirectConv>(t);
  }
  if (kernels::WinogradConv::suits(direct_.geometry()))
    winograd_ = std::make_unique<kernels::WinogradConv>(direct_.geometry());
  else if (kernels::RowWinogradConv::suits(direct_.geometry()))
    row_winograd_ = std::make_unique<kernels::RowWinogradConv>(direct_.geometry());
  const Shape ws{cfg_.filters, c_, cfg_.kh, cfg_.kw};
  weight_ = shaped_param("weight", ws, true);
  bias_ = shaped_param("bias", {cfg_.filters}, false);
}

// y, dx, and the scratch of one sample: col and dcol (C·kh·kw, Ho·Wo), y2 (O, Ho·Wo).
int64_t Conv2d::floats_per_sample() const {
  const int64_t p = static_cast<int64_t>(ho_) * wo_, kk = static_cast<int64_t>(c_) * cfg_.kh * cfg_.kw;
  return Layer::floats_per_sample() + 2 * kk * p + static_cast<int64_t>(cfg_.filters) * p;
}

void Conv2d::init(Rng& rng) {
  allocate(&weight_);
  allocate(&bias_);
  init_weights(&weight_.value, c_ * cfg_.kh * cfg_.kw, cfg_.filters * cfg_.kh * cfg_.kw, he_, rng);
  bias_.value.zero();
}

// y (N, O, Ho, Wo) = x ⋆ W + b (then max(·, 0) when relu), image by image, chunks in parallel.
void Conv2d::run_direct(const Tensor& x, bool relu, bool inference) {
  check_input(x);
  const int n = x.dim(0);
  const bool row = inference && row_winograd_;
  // Weights change between calls (optimizer steps, set_weights): repack them every time.
  if (winograd_) winograd_->set_weights(weight_.value.ptr(), bias_.value.ptr());
  else if (row) row_winograd_->set_weights(weight_.value.ptr(), bias_.value.ptr());
  else direct_.set_weights(weight_.value.ptr(), bias_.value.ptr());
  y_.reshape_for_write(batch_out_shape(n));
  const int64_t in_per = static_cast<int64_t>(c_) * h_ * w_, out_per = static_cast<int64_t>(cfg_.filters) * ho_ * wo_;
  const int chunks = work_chunks(n, image_cost());
  parallel_for(chunks, [&](int c) {
    int b0, b1;
    split_range(n, chunks, c, &b0, &b1);
    kernels::ConvScratch direct;
    kernels::WinogradScratch winograd;
    kernels::RowWinogradScratch row_winograd;
    for (int b = b0; b < b1; ++b) {
      if (row) row_winograd_->forward_image(x.ptr() + b * in_per, y_.ptr() + b * out_per, relu, &row_winograd);
      else if (winograd_) winograd_->forward_image(x.ptr() + b * in_per, y_.ptr() + b * out_per, relu, &winograd);
      else direct_.forward_image(x.ptr() + b * in_per, y_.ptr() + b * out_per, relu, &direct);
    }
  });
}

// The batch is cut into work_chunks(N, image_cost()) runs of images: each chunk has its
// own columns (K, images·P) in col_, dy regrouped in y2_ and dcol in dcol_, and its own dW, db
// partial sums, which are added up in chunk order — the same arithmetic on any number of threads.
const Tensor& Conv2d::forward(const Tensor& x, Mode mode) {
  run_direct(x, false, false);
  columns_ = mode == Mode::kTrain;
  if (columns_) {  // dL/dW needs the input as columns
    const int n = x.dim(0), chunks = work_chunks(n, image_cost());
    const int64_t kp = static_cast<int64_t>(c_) * cfg_.kh * cfg_.kw * ho_ * wo_, in_per = static_cast<int64_t>(c_) * h_ * w_;
    col_.reshape_for_write({static_cast<int>(n * kp)});
    parallel_for(chunks, [&](int c) {
      int b0, b1;
      split_range(n, chunks, c, &b0, &b1);
      kernels::im2col(direct_.geometry(), x.ptr() + b0 * in_per, b1 - b0, col_.ptr() + b0 * kp);
    });
  }
  return y_;
}

// Multiply-adds of one image's forward pass.
int64_t Conv2d::image_cost() const {
  return static_cast<int64_t>(cfg_.filters) * c_ * cfg_.kh * cfg_.kw * ho_ * wo_;
}

const Tensor& Conv2d::infer(const Tensor& x, bool relu) {
  run_direct(x, relu, true);
  return y_;
}

const Tensor& Conv2d::backward(const Tensor& dy) {
  const int n = dy.dim(0), chunks = work_chunks(n, image_cost());  // as im2col's in forward
  const int o = cfg_.filters, kk = c_ * cfg_.kh * cfg_.kw, p = ho_ * wo_;
  const int64_t in_per = static_cast<int64_t>(c_) * h_ * w_;
  const bool direct_dx = input_grad_ && input_grad_conv_;
  y2_.reshape_for_write({n * o * p});
  partial_.reshape_for_write({chunks, o * kk + o});
  if (input_grad_) {
    dx_.reshape_for_write({n, c_, h_, w_});
    if (direct_dx) prepare_input_grad_conv();
    else dcol_.reshape_for_write({n * kk * p});
  } else {
    dx_ = Tensor();
  }
  ConstMapMat W(weight_.value.ptr(), o, kk);
  parallel_for(chunks, [&](int c) {
    int b0, b1;
    split_range(n, chunks, c, &b0, &b1);
    const int64_t q = static_cast<int64_t>(b1 - b0) * p;
    // dy (images, O, P) → dY2 (O, images·P), the column order of this chunk's col
    float* dy2 = y2_.ptr() + static_cast<int64_t>(b0) * o * p;
    for (int b = b0; b < b1; ++b)
      for (int f = 0; f < o; ++f)
        std::copy_n(dy.ptr() + (static_cast<int64_t>(b) * o + f) * p, p, dy2 + f * q + static_cast<int64_t>(b - b0) * p);
    ConstMapMat dY2(dy2, o, q);
    // dL/dW = dY2 · colᵀ (rows of both contiguous: the dense kernel's x·Wᵀ), dL/db = row sums of
    // dY2 (this chunk's share)
    float* part = partial_.ptr() + static_cast<int64_t>(c) * (o * kk + o);
    if (columns_) {
      kernels::dense_forward(dy2, o, static_cast<int>(q), col_.ptr() + static_cast<int64_t>(b0) * kk * p, nullptr, kk,
                             false, part);
      MapVec(part + o * kk, o) = dY2.rowwise().sum();
    }
    if (direct_dx) {  // dL/dx as the transposed convolution, image by image
      kernels::ConvScratch scratch;
      for (int b = b0; b < b1; ++b)
        input_grad_conv_->forward_image(dy.ptr() + static_cast<int64_t>(b) * o * p, dx_.ptr() + b * in_per, false, &scratch);
    } else if (input_grad_) {  // dL/dcol = Wᵀ · dY2, then col2im gives dL/dx of this chunk's images
      float* dcol = dcol_.ptr() + static_cast<int64_t>(b0) * kk * p;
      MapMat(dcol, kk, q).noalias() = W.transpose() * dY2;
      kernels::col2im(direct_.geometry(), dcol, b1 - b0, dx_.ptr() + b0 * in_per);
    }
  });
  for (int c = 0; c < chunks && columns_; ++c) {
    const float* part = partial_.ptr() + static_cast<int64_t>(c) * (o * kk + o);
    MapVec(weight_.grad.ptr(), o * kk) += ConstMapVec(part, o * kk);
    MapVec(bias_.grad.ptr(), o) += ConstMapVec(part + o * kk, o);
  }
  return dx_;
}

// flipped[c][f][i][j] = W[f][c][kh − 1 − i][kw − 1 − j], bias 0.
void Conv2d::prepare_input_grad_conv() {
  const int o = cfg_.filters, kh = cfg_.kh, kw = cfg_.kw;
  flipped_.reshape_for_write({c_, o, kh, kw});
  for (int f = 0; f < o; ++f)
    for (int c = 0; c < c_; ++c)
      for (int i = 0; i < kh; ++i)
        for (int j = 0; j < kw; ++j)
          flipped_.data[((static_cast<size_t>(c) * o + f) * kh + kh - 1 - i) * kw + kw - 1 - j] =
              weight_.value.data[((static_cast<size_t>(f) * c_ + c) * kh + i) * kw + j];
  const std::vector<float> zero(static_cast<size_t>(c_), 0.0f);
  input_grad_conv_->set_weights(flipped_.ptr(), zero.data());
}

}  // namespace cnnlab
