// i18n/errors.js — the engine's error codes in the learner's language ({name}: the error's params).
// The engine keeps English text for the CLI (cpp/error.h); the page translates by code and falls
// back to the English sentence for a code it does not know.
export default {
  en: {
    // ---- model spec, network, training, optimizer --------------------------------------------
    'spec.not_json': 'model spec is not valid JSON (syntax error at character {position})',
    'spec.number_too_large': 'model spec: the number {value} is too large',
    'spec.not_object': 'model spec must be a JSON object with input, classes and layers',
    'spec.input_missing': 'model spec: missing "input": {channels, height, width}',
    'spec.input_dim': "input: '{key}' must be a whole number from 1 to {max}, got {value}",
    'spec.classes': 'model spec: "classes" must be a non-empty list of class names',
    'spec.class_name': 'model spec: every class name must be a string, got {value}',
    'spec.layers': 'model spec: "layers" must be a non-empty list',
    'spec.layer_not_object': 'layer {layer}: must be an object like {"type": "relu"}, got {value}',
    'spec.missing_type': 'layer {layer}: missing "type" (one of {types})',
    'spec.unknown_type': 'layer {layer} ({type}): unknown layer type (expected one of {types})',
    'spec.unknown_option': "layer {layer} ({type}): unknown option '{option}' (it takes: {options})",
    'spec.no_options': "layer {layer} ({type}): unknown option '{option}' (it takes none)",
    'spec.missing_option': "layer {layer} ({type}): missing '{option}'",
    'spec.option_int': "layer {layer} ({type}): '{option}' must be a whole number from {min} to {max}, got {value}",
    'spec.option_pair':
      "layer {layer} ({type}): '{option}' must be a whole number from {min} to {max} or a pair [height, width] of them, got {value}",
    'spec.option_rate': "layer {layer} ({type}): '{option}' must be a number in [{min}, {max}), got {value}",
    'spec.needs_flat_input':
      'layer {layer} ({type}): needs a flat input but gets {shape} — add {"type": "flatten"} before it',
    'spec.needs_image_input':
      'layer {layer} ({type}): needs an image-shaped input (channels×height×width), got {shape} — put it before flatten/dense',
    'spec.window_too_large': 'layer {layer} ({type}): {option} {window} is larger than its padded input {input}',
    'spec.pool_padding': 'layer {layer} ({type}): padding {padding} must be at most half the window {window}',
    'spec.last_not_flat':
      'the last layer ({layer}, {type}) gives {shape}; the network must end in one value per class — add flatten and dense({classes})',
    'spec.outputs_mismatch': 'the last layer ({layer}, {type}) gives {outputs} outputs but there are {classes} classes',

    'net.layer_too_big': 'layer {layer} ({type}): {count} weights are too many (at most {max} in one layer)',
    'net.too_big': 'the network has {count} weights, too many (at most {max})',
    'net.memory':
      'the network needs about {megabytes} MB for a batch of {batch} images, more than the {max} MB it may use — use fewer or smaller layers, a smaller input or a smaller batch',

    'input.shape': 'input: expected N×{shape} images, got {got}',
    'input.values': '{method}: x has {count} values, expected N·{shape} (a positive multiple of {per})',
    'input.labels_count': '{method}: y has {labels} labels for {images} images',
    'input.label_range': '{method}: label {label} at index {index} is outside [0, {classes})',
    'input.not_finite':
      '{method}: x holds {value} at index {index}; images must hold finite numbers (nothing was changed)',

    'dataset.not_finite': 'dataset: the image holds {value} at index {index}; pixel values must be finite numbers',

    'weights.unknown_name': "set_weights: the model has no weight named '{name}'",
    'weights.shape': "set_weights: '{name}' has shape {shape}, got {got}",
    'weights.not_finite': "set_weights: '{name}' holds {value} at index {index}; weights must be finite numbers",

    'model.save_not_finite': 'cannot save the model: weight {name} holds NaN or infinity (did the training diverge?)',

    'optimizer.not_json': 'optimizer settings are not valid JSON (syntax error at character {position})',
    'optimizer.number_too_large': 'optimizer settings: the number {value} is too large',
    'optimizer.not_object': 'optimizer settings must be a JSON object like {"type": "adam", "lr": 0.001}',
    'optimizer.type': `optimizer: 'type' must be "adam" or "sgd", got {value}`,
    'optimizer.not_number': "optimizer: '{key}' must be a number, got {value}",
    'optimizer.range': "optimizer: '{key}' must be in {range}, got {value}",
    'optimizer.not_bool': "optimizer: '{key}' must be true or false, got {value}",
    'optimizer.unknown_setting': "optimizer: unknown setting '{key}' (known: {known})",
    'optimizer.nesterov_momentum': 'optimizer: nesterov needs a momentum above 0',

    'trainer.not_json': 'trainer config is not valid JSON (syntax error at character {position})',
    'trainer.number_too_large': 'trainer config: the number {value} is too large',
    'trainer.not_object': 'trainer config must be a JSON object like {"epochs": 10, "batchSize": 32}',
    'trainer.unknown_key': "trainer config: unknown key '{key}' (known: {known})",
    'trainer.int_range': "trainer config: '{key}' must be a whole number from {min} to {max}, got {value}",
    'trainer.not_number': "trainer config: '{key}' must be a number, got {value}",
    'trainer.not_text': "trainer config: '{key}' must be text, got {value}",
    'trainer.not_list': `trainer config: '{key}' must be a list of names like ["flip", "crop"], got {value}`,

    'train.empty': 'the training set is empty',
    'train.epochs': 'epochs must be at least 1, got {value}',
    'train.batch_size': 'batch size must be at least 1, got {value}',
    'train.patience': 'patience must not be negative, got {value}',
    'train.lr': 'learning rate must be a positive number, got {value}',
    'train.schedule': "unknown learning-rate schedule '{value}' (expected none, step or cosine)",
    'train.step_every': 'the step schedule needs stepEvery of at least 1, got {value}',
    'train.step_gamma': 'the step schedule needs stepGamma in (0, 1], got {value}',
    'train.augment': "unknown augmentation '{value}' (expected flip, crop or jitter)",
    'train.patience_needs_val': 'early stopping (patience) needs a validation set',
    'train.set_image_size': 'the {set} set has images of {shape} but the model expects {expected}',
    'train.set_classes': 'the {set} set has {count} classes but the model has {classes}',
    'train.set_label': "the {set} set has label {label}, outside the model's {classes} classes",
    'train.eval_empty': 'cannot evaluate on an empty data set',
    'train.eval_batch': 'evaluate: batch size must be positive, got {value}',
    'train.finished': 'training has finished; no more batches to train',
    'train.epoch_complete': 'the epoch is complete: call end_epoch() before the next batch',
    'train.no_epoch_to_close': 'training has finished; no epoch to close',
    'train.epoch_unfinished': "end_epoch() called before the epoch's last batch",
    'train.extend_epochs': 'more epochs: the number must be at least 1, got {value}',
    'train.extend_diverged': 'this run diverged and cannot go on: start a new run (with a smaller learning rate)',
    'train.diverged':
      'training diverged at epoch {epoch}, batch {batch}: the loss became {what}. The learning rate ({lr}) is probably too high; the last good weights were kept.',
    'train.per_class_limit': 'the photos-per-class limit must be 0 (all) or more, got {value}',
    'train.val_split': 'the validation split must be in [0, 1), got {value}',

    'engine.out_of_memory': 'out of memory: the network or the batch is too large for this device',

    'worker.no_model': 'there is no model yet: build one first',
    'worker.image_class': "image '{name}' is in class {class}, but the model has {classes} classes",
    'worker.no_config': 'train: config is missing',
    'worker.no_images': 'there are no training images: add photos to every class first',
    'worker.nothing_to_continue': 'nothing to continue: train first',
    'worker.no_split': 'evaluate: there is no {split} set',
    'worker.no_image': 'there is no stored image with id {id}',
    'worker.busy': '{request}: training is running; stop it first',
    'worker.unknown_request': "unknown request type '{type}'",
    'worker.engine_failed': 'the engine failed to load: {message}',
    'worker.restarted': '{message} — the engine was restarted: the model is gone, the images are kept',

    // ---- images, data sets, model files -------------------------------------------------------


    // ---- other ------------------------------------------------------------------------------
  },
  zh: {
    // ---- model spec, network, training, optimizer --------------------------------------------
    'spec.not_json': '模型描述不是有效的 JSON（第 {position} 个字符处有语法错误）',
    'spec.number_too_large': '模型描述：数字 {value} 太大了',
    'spec.not_object': '模型描述必须是一个 JSON 对象，包含 input、classes 和 layers',
    'spec.input_missing': '模型描述：缺少 "input"：{channels, height, width}',
    'spec.input_dim': "input：'{key}' 必须是 1 到 {max} 之间的整数，现在是 {value}",
    'spec.classes': '模型描述："classes" 必须是一个非空的类别名称列表',
    'spec.class_name': '模型描述：每个类别名称都必须是字符串，现在是 {value}',
    'spec.layers': '模型描述："layers" 必须是一个非空列表',
    'spec.layer_not_object': '第 {layer} 层：必须是像 {"type": "relu"} 这样的对象，现在是 {value}',
    'spec.missing_type': '第 {layer} 层：缺少 "type"（可选：{types}）',
    'spec.unknown_type': '第 {layer} 层（{type}）：未知的层类型（可选：{types}）',
    'spec.unknown_option': "第 {layer} 层（{type}）：未知的选项 '{option}'（它接受：{options}）",
    'spec.no_options': "第 {layer} 层（{type}）：未知的选项 '{option}'（这种层没有选项）",
    'spec.missing_option': "第 {layer} 层（{type}）：缺少 '{option}'",
    'spec.option_int': "第 {layer} 层（{type}）：'{option}' 必须是 {min} 到 {max} 之间的整数，现在是 {value}",
    'spec.option_pair': "第 {layer} 层（{type}）：'{option}' 必须是 {min} 到 {max} 之间的整数，或由两个这样的整数组成的 [高, 宽]，现在是 {value}",
    'spec.option_rate': "第 {layer} 层（{type}）：'{option}' 必须是 [{min}, {max}) 之间的数，现在是 {value}",
    'spec.needs_flat_input': '第 {layer} 层（{type}）：需要拉直的输入，但得到的是 {shape}——请在它前面加一个拉直层 {"type": "flatten"}',
    'spec.needs_image_input': '第 {layer} 层（{type}）：需要图像形状的输入（通道×高×宽），但得到的是 {shape}——请把它放在拉直层和全连接层之前',
    'spec.window_too_large': '第 {layer} 层（{type}）：窗口 {window}（{option}）比填充后的输入 {input} 还大',
    'spec.pool_padding': '第 {layer} 层（{type}）：填充 {padding} 最多只能是窗口 {window} 的一半',
    'spec.last_not_flat': '最后一层（第 {layer} 层，{type}）输出的是 {shape}；网络最后必须为每个类别输出一个值——请加上拉直层和 dense({classes})',
    'spec.outputs_mismatch': '最后一层（第 {layer} 层，{type}）有 {outputs} 个输出，但一共有 {classes} 个类别',

    'net.layer_too_big': '第 {layer} 层（{type}）：{count} 个权重太多了（一层最多 {max} 个）',
    'net.too_big': '网络共有 {count} 个权重，太多了（最多 {max} 个）',
    'net.memory': '每批 {batch} 张图片时，网络大约需要 {megabytes} MB 内存，超过了允许的 {max} MB——请减少或缩小层、缩小输入尺寸，或减小批大小',

    'input.shape': '输入：应为 N×{shape} 的图像，现在是 {got}',
    'input.values': '{method}：x 有 {count} 个值，应为 N·{shape}（{per} 的正整数倍）',
    'input.labels_count': '{method}：{images} 张图像却有 {labels} 个标签',
    'input.label_range': '{method}：第 {index} 个标签 {label} 超出了 [0, {classes}) 的范围',
    'input.not_finite': '{method}：x 的第 {index} 个值是 {value}；图像只能包含有限的数（什么都没有改变）',

    'dataset.not_finite': '数据集：图像的第 {index} 个值是 {value}；像素值必须是有限的数',

    'weights.unknown_name': "set_weights：模型中没有名为 '{name}' 的权重",
    'weights.shape': "set_weights：'{name}' 的形状是 {shape}，但收到的是 {got}",
    'weights.not_finite': "set_weights：'{name}' 的第 {index} 个值是 {value}；权重必须是有限的数",

    'model.save_not_finite': '无法保存模型：权重 {name} 中含有 NaN 或无穷大（训练是不是发散了？）',

    'optimizer.not_json': '优化器设置不是有效的 JSON（第 {position} 个字符处有语法错误）',
    'optimizer.number_too_large': '优化器设置：数字 {value} 太大了',
    'optimizer.not_object': '优化器设置必须是一个 JSON 对象，例如 {"type": "adam", "lr": 0.001}',
    'optimizer.type': `优化器：'type' 必须是 "adam" 或 "sgd"，现在是 {value}`,
    'optimizer.not_number': "优化器：'{key}' 必须是数字，现在是 {value}",
    'optimizer.range': "优化器：'{key}' 必须在 {range} 之内，现在是 {value}",
    'optimizer.not_bool': "优化器：'{key}' 必须是 true 或 false，现在是 {value}",
    'optimizer.unknown_setting': "优化器：未知的设置 '{key}'（可用的有：{known}）",
    'optimizer.nesterov_momentum': '优化器：nesterov 需要大于 0 的动量（momentum）',

    'trainer.not_json': '训练设置不是有效的 JSON（第 {position} 个字符处有语法错误）',
    'trainer.number_too_large': '训练设置：数字 {value} 太大了',
    'trainer.not_object': '训练设置必须是一个 JSON 对象，例如 {"epochs": 10, "batchSize": 32}',
    'trainer.unknown_key': "训练设置：未知的键 '{key}'（可用的有：{known}）",
    'trainer.int_range': "训练设置：'{key}' 必须是 {min} 到 {max} 之间的整数，现在是 {value}",
    'trainer.not_number': "训练设置：'{key}' 必须是数字，现在是 {value}",
    'trainer.not_text': "训练设置：'{key}' 必须是文字，现在是 {value}",
    'trainer.not_list': `训练设置：'{key}' 必须是名称列表，例如 ["flip", "crop"]，现在是 {value}`,

    'train.empty': '训练集是空的',
    'train.epochs': '训练轮数至少要 1 轮，现在是 {value}',
    'train.batch_size': '批大小至少要是 1，现在是 {value}',
    'train.patience': '耐心值（patience）不能是负数，现在是 {value}',
    'train.lr': '学习率必须是正数，现在是 {value}',
    'train.schedule': "未知的学习率调度方式 '{value}'（可选：none、step 或 cosine）",
    'train.step_every': 'step 调度需要 stepEvery 至少为 1，现在是 {value}',
    'train.step_gamma': 'step 调度需要 stepGamma 在 (0, 1] 之内，现在是 {value}',
    'train.augment': "未知的数据增强方式 '{value}'（可选：flip、crop 或 jitter）",
    'train.patience_needs_val': '提前停止（patience）需要验证集',
    'train.set_image_size': '数据集（{set}）的图像是 {shape}，但模型需要 {expected}',
    'train.set_classes': '数据集（{set}）有 {count} 个类别，但模型有 {classes} 个',
    'train.set_label': '数据集（{set}）中有标签 {label}，超出了模型的 {classes} 个类别',
    'train.eval_empty': '无法在空的数据集上评估',
    'train.eval_batch': '评估：批大小必须是正数，现在是 {value}',
    'train.finished': '训练已经结束，没有更多的批次可以训练',
    'train.epoch_complete': '这一轮已经完成：请先调用 end_epoch()，再训练下一批',
    'train.no_epoch_to_close': '训练已经结束，没有可以结束的一轮',
    'train.epoch_unfinished': '这一轮的最后一批还没有训练完，就调用了 end_epoch()',
    'train.extend_epochs': '继续训练：轮数至少要 1，现在是 {value}',
    'train.extend_diverged': '这次训练已经发散，无法继续：请重新开始训练（用更小的学习率）',
    'train.diverged': '训练在第 {epoch} 轮、第 {batch} 批发散了：损失变成了 {what}。学习率（{lr}）很可能太高了；已保留最后一组正常的权重。',
    'train.per_class_limit': '每类照片数的上限必须是 0（全部）或更大，现在是 {value}',
    'train.val_split': '验证集比例必须在 [0, 1) 之内，现在是 {value}',

    'engine.out_of_memory': '内存不足：对这台设备来说，网络或批次太大了',

    'worker.no_model': '还没有模型：请先搭建一个网络',
    'worker.image_class': "图片 '{name}' 属于第 {class} 类，但模型只有 {classes} 个类别",
    'worker.no_config': '训练：缺少训练设置（config）',
    'worker.no_images': '没有训练图片：请先给每个类别添加照片',
    'worker.nothing_to_continue': '没有可以继续的训练：请先训练',
    'worker.no_split': '评估：没有 {split} 数据集',
    'worker.no_image': '没有编号为 {id} 的已存图片',
    'worker.busy': '{request}：正在训练；请先停止训练',
    'worker.unknown_request': "未知的请求类型 '{type}'",
    'worker.engine_failed': '引擎加载失败：{message}',
    'worker.restarted': '{message}——引擎已重新启动：模型没有了，图片还在',

    // ---- images, data sets, model files -------------------------------------------------------


    // ---- other ------------------------------------------------------------------------------
  },
};
