// i18n/experiments.js — English and Chinese text of the experiments' conclusions (web/experiments.js
// conclude() returns these keys with the params in braces); merged into the page's catalogs.
export default {
  en: {
    'exp.cnnfc.win':
      'The CNN won: {cnn}% right on photos it never saw, against {fc}% for the fully-connected net — {diff} points ahead on average over {seeds} seeds, and ahead on each of them (its lead varied by {spread} points from seed to seed). It needed {cnnParams} weights; the fully-connected net has {fcParams} ({ratio}× as many).',
    'exp.cnnfc.loss':
      'Here the fully-connected net did better: {fc}% right on new photos against the CNN’s {cnn}%, {diff} points over {seeds} seeds. This can happen when every object sits in the same place and the pictures are small (like centred clothing on black): nothing has to be recognised at a new position, so the CNN’s small kernels, shared across positions, bring no advantage. The CNN still had {ratio}× fewer weights ({cnnParams} against {fcParams}). Try the colour demo, where the objects move about.',
    'exp.cnnfc.tieFlip':
      'No clear winner: CNN {cnn}%, fully connected {fc}% on new photos, on average. The winner changed from seed to seed (the CNN was ahead on {aWins} of {seeds} seeds, the fully-connected net on {bWins}), so the {diff}-point gap could be luck.',
    'exp.cnnfc.tieLevel':
      'No clear winner yet: CNN {cnn}%, fully connected {fc}% on new photos, on average. The two nets differed on {decided} of {seeds} seeds, always the same way, and were level on {ties}, so the {diff}-point gap is not enough to be sure.',
    'exp.cnnfc.tieSpread':
      'No clear winner yet: CNN {cnn}%, fully connected {fc}% on new photos. The same net was ahead on all {seeds} seeds, but its lead varied by {spread} points from seed to seed — no less than the {diff}-point average — so more seeds are needed to be sure.',
    'exp.cnnfc.tieSample':
      'No clear winner: CNN {cnn}%, fully connected {fc}% on new photos. With {n} validation photos per run, a gap of {diff} points could be luck in which photos were held out; about {needed} per run would settle it.',
    'exp.cnnfc.whenItShows':
      'A CNN’s advantage — small kernels shared across positions, far fewer weights ({cnnParams} here against {fcParams}) — shows when objects can be anywhere in the picture; when every object sits in the same place, as in small centred pictures, a fully-connected net can do as well.',
    'exp.cnnfc.timeSimilar': 'Both trained for about as long ({cnnSeconds} s and {fcSeconds} s).',
    'exp.cnnfc.timeFcLonger': 'The fully-connected net even trained longer: {fcSeconds} s against the CNN’s {cnnSeconds} s.',
    'exp.cnnfc.timeCnnLonger': 'The CNN trained longer ({cnnSeconds} s against {fcSeconds} s): part of its lead may come from the extra training time.',
    'exp.fewVal':
      'Too few validation photos to tell: {n} per run. The {a}% against {b}% could be chance; about {needed} validation photos per run would settle it (add photos or raise the validation share).',
    'exp.oneSeed': 'Only one seed was run, so how much the result varies from run to run is unknown.',
    'exp.fit.all':
      'Too small, trained too briefly: {smallTrain}% on its training photos, {smallVal}% on new ones — both low: underfitting (high bias). Balanced and regularised: {goodTrain}% and {goodVal}% — high and close together: just right. Large, without regularisation, on few photos: {bigTrain}% on its training photos but only {bigVal}% on new ones, a gap of {gap} points: overfitting (high variance).',
    'exp.fit.partial':
      'Training / new-photo accuracy: too small {smallTrain}% / {smallVal}%, balanced {goodTrain}% / {goodVal}%, large on few photos {bigTrain}% / {bigVal}%. On this data not every case showed as intended:',
    'exp.fit.noUnderfit': 'the small net did not underfit (its training accuracy, {smallTrain}%, is not low).',
    'exp.fit.noOverfit': 'the large net did not clearly overfit (a gap of {gap} points).',
    'exp.fit.noJustRight': 'the balanced net was not the best on new photos with a small gap ({goodTrain}% / {goodVal}%).',
    'exp.fewValFit': 'Only {n} validation photos per run: these percentages are rough.',
    'exp.reg.helps':
      '{best} helped: {bestVal}% right on new photos against {noneVal}% without regularisation, {diff} points better over {seeds} seeds. The gap between training and new-photo accuracy went from {gapNone} to {gapBest} points.',
    'exp.reg.hurts':
      'Regularisation did not help here: the best of it, {best}, reached {bestVal}% on new photos against {noneVal}% without ({diff} points lower, {seeds} seeds). With enough photos, or a net too small to memorise them, there is little overfitting to fight.',
    'exp.reg.tieFlip':
      'No clear effect: {best} reached {bestVal}% on new photos, {noneVal}% without regularisation, on average. Which was better changed from seed to seed ({best} ahead on {aWins} of {seeds} seeds), so the {diff}-point difference could be luck.',
    'exp.reg.tieLevel':
      'No clear effect yet: {best} reached {bestVal}% on new photos, {noneVal}% without regularisation, on average. The two differed on {decided} of {seeds} seeds, always the same way, and were level on {ties}, so the {diff}-point difference is not enough to be sure.',
    'exp.reg.tieSpread':
      'No clear effect yet: {best} reached {bestVal}% on new photos, {noneVal}% without regularisation. It was ahead on all {seeds} seeds, but by amounts that varied by {spread} points — no less than the {diff}-point average — so more seeds are needed to be sure.',
    'exp.reg.tieSample':
      'No clear effect: {best} reached {bestVal}% on new photos, {noneVal}% without regularisation. With {n} validation photos per run the {diff}-point difference could be luck; about {needed} per run would settle it.',
  },
  zh: {
    'exp.cnnfc.win':
      '卷积网络赢了：在没见过的照片上认对 {cnn}%，全连接网络 {fc}%——{seeds} 个随机种子平均领先 {diff} 个百分点，而且每个种子都领先（领先幅度在种子之间相差 {spread} 个百分点）。卷积网络只用了 {cnnParams} 个权重，全连接网络有 {fcParams} 个（{ratio} 倍）。',
    'exp.cnnfc.loss':
      '这里全连接网络更好：在新照片上认对 {fc}%，卷积网络 {cnn}%，{seeds} 个种子平均相差 {diff} 个百分点。当每个物体都在同一位置、图片又小时（比如黑底上居中的服饰）就可能这样：不需要在新位置上认出东西，卷积网络在各个位置共享的小卷积核就没有优势。卷积网络的权重仍然少 {ratio} 倍（{cnnParams} 对 {fcParams}）。试试彩色演示数据，那里的物体位置不固定。',
    'exp.cnnfc.tieFlip':
      '看不出谁更好：平均而言，新照片上卷积网络 {cnn}%，全连接网络 {fc}%。不同随机种子的赢家不一样（{seeds} 个种子中卷积网络领先 {aWins} 个，全连接网络领先 {bWins} 个），所以 {diff} 个百分点的差距可能只是运气。',
    'exp.cnnfc.tieLevel':
      '暂时看不出谁更好：平均而言，新照片上卷积网络 {cnn}%，全连接网络 {fc}%。{seeds} 个种子中有 {decided} 个分出了高下（方向一致），另外 {ties} 个打平，所以 {diff} 个百分点的差距还不足以下结论。',
    'exp.cnnfc.tieSpread':
      '暂时看不出谁更好：新照片上卷积网络 {cnn}%，全连接网络 {fc}%。{seeds} 个种子上都是同一个网络领先，但领先幅度在种子之间相差 {spread} 个百分点——不小于平均差距 {diff} 个百分点——需要更多种子才能确定。',
    'exp.cnnfc.tieSample':
      '看不出谁更好：新照片上卷积网络 {cnn}%，全连接网络 {fc}%。每次只有 {n} 张验证照片，{diff} 个百分点的差距可能只是留出哪些照片的运气；每次约 {needed} 张才能分出高下。',
    'exp.cnnfc.whenItShows':
      '卷积网络的优势——在各个位置共享的小卷积核、少得多的权重（这里 {cnnParams} 对 {fcParams}）——在物体可以出现在画面任意位置时才显现；如果每个物体都在同一位置（比如居中的小图），全连接网络也能做得一样好。',
    'exp.cnnfc.timeSimilar': '两者训练用时相近（{cnnSeconds} 秒和 {fcSeconds} 秒）。',
    'exp.cnnfc.timeFcLonger': '全连接网络的训练时间甚至更长：{fcSeconds} 秒，卷积网络 {cnnSeconds} 秒。',
    'exp.cnnfc.timeCnnLonger': '卷积网络训练得更久（{cnnSeconds} 秒对 {fcSeconds} 秒）：它的领先可能有一部分来自多出的训练时间。',
    'exp.fewVal':
      '验证照片太少，分不出来：每次只有 {n} 张。{a}% 对 {b}% 可能只是偶然；每次约需 {needed} 张验证照片（多加照片，或调高验证集比例）。',
    'exp.oneSeed': '只用了一个随机种子，不知道结果在不同次训练之间会变化多少。',
    'exp.fit.all':
      '太小、训练太短：训练照片上 {smallTrain}%，新照片上 {smallVal}%——都低：欠拟合（high bias，高偏差）。适中、有正则化：{goodTrain}% 和 {goodVal}%——都高且接近：刚刚好（just right）。大网络、无正则化、照片少：训练照片上 {bigTrain}%，新照片上只有 {bigVal}%，相差 {gap} 个百分点：过拟合（high variance，高方差）。',
    'exp.fit.partial':
      '训练照片 / 新照片准确率：太小 {smallTrain}% / {smallVal}%，适中 {goodTrain}% / {goodVal}%，大网络少照片 {bigTrain}% / {bigVal}%。在这份数据上并非每种情况都如预期出现：',
    'exp.fit.noUnderfit': '小网络没有欠拟合（训练准确率 {smallTrain}% 并不低）。',
    'exp.fit.noOverfit': '大网络没有明显过拟合（只差 {gap} 个百分点）。',
    'exp.fit.noJustRight': '适中的网络在新照片上不是最好、或差距不小（{goodTrain}% / {goodVal}%）。',
    'exp.fewValFit': '每次只有 {n} 张验证照片：这些百分比只是粗略的。',
    'exp.reg.helps':
      '{best}有效：新照片上认对 {bestVal}%，不加正则化时 {noneVal}%，{seeds} 个种子平均高 {diff} 个百分点。训练与新照片准确率的差距从 {gapNone} 缩小到 {gapBest} 个百分点。',
    'exp.reg.hurts':
      '这里正则化没有帮助：其中最好的{best}在新照片上 {bestVal}%，不加时 {noneVal}%（低 {diff} 个百分点，{seeds} 个种子）。照片足够多、或网络小到背不下照片时，本来就没什么过拟合可对抗。',
    'exp.reg.tieFlip':
      '效果不明显：平均而言，{best}在新照片上 {bestVal}%，不加正则化 {noneVal}%。不同种子上谁更好并不一致（{seeds} 个种子中{best}领先 {aWins} 个），所以 {diff} 个百分点的差别可能只是运气。',
    'exp.reg.tieLevel':
      '效果暂不确定：平均而言，{best}在新照片上 {bestVal}%，不加正则化 {noneVal}%。{seeds} 个种子中有 {decided} 个分出了高下（方向一致），另外 {ties} 个打平，所以 {diff} 个百分点的差别还不足以下结论。',
    'exp.reg.tieSpread':
      '效果暂不确定：{best}在新照片上 {bestVal}%，不加正则化 {noneVal}%。{seeds} 个种子上它都领先，但领先幅度相差 {spread} 个百分点——不小于平均差别 {diff} 个百分点——需要更多种子才能确定。',
    'exp.reg.tieSample':
      '效果不明显：{best}在新照片上 {bestVal}%，不加正则化 {noneVal}%。每次只有 {n} 张验证照片，{diff} 个百分点的差别可能只是运气；每次约 {needed} 张才能确定。',
  },
};
