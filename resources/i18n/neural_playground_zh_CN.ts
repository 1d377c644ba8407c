<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Dock</name>
    <message>
        <source>Backprop</source>
        <translation>反向传播</translation>
    </message>
    <message>
        <source>Draw a digit</source>
        <translation>手写数字</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Hyperparameters</source>
        <translation>超参数</translation>
    </message>
    <message>
        <source>Inside the network</source>
        <translation>网络内部</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>R²</source>
        <translation>R²（决定系数）</translation>
    </message>
    <message>
        <source>Decision boundary</source>
        <translation>决策边界</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Decision boundary (2-D data only)</source>
        <translation>决策边界（仅限二维数据）</translation>
    </message>
    <message>
        <source>Predicted value</source>
        <translation>预测值</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>One neuron</source>
        <translation>单个神经元</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>训练记录</translation>
    </message>
    <message>
        <source>Optimizers on a surface</source>
        <translation>曲面上的优化器</translation>
    </message>
</context>
<context>
    <name>Lessons</name>
    <message>
        <source>Lesson {number}, step {step} loaded</source>
        <translation>已载入第 {number} 课第 {step} 步</translation>
    </message>
    <message>
        <source>Lesson {number} loaded</source>
        <translation>已载入第 {number} 课</translation>
    </message>
    <message>
        <source>Racing {racer} ({done} of {count})…</source>
        <translation>正在赛跑：{racer}（第 {done} 个，共 {count} 个）…</translation>
    </message>
    <message>
        <source>Race over. Final training loss: {board}</source>
        <translation>赛跑结束。最终训练损失：{board}</translation>
    </message>
    <message>
        <source>Race over: every racer&apos;s curves are overlaid</source>
        <translation>赛跑结束：每位参赛者的曲线都已叠加显示</translation>
    </message>
    <message>
        <source>Race stopped: the running racer was stopped or replaced.</source>
        <translation>赛跑已停止：正在训练的参赛者被停止或替换了。</translation>
    </message>
    <message>
        <source>No lesson loaded</source>
        <translation>尚未载入课程</translation>
    </message>
    <message>
        <source>Choose one from the Lessons menu: each loads the data, the network and the settings, and says what to watch.</source>
        <translation>从“课程”菜单中选一课：每一课都会载入数据、网络和设置，并告诉你该观察什么。</translation>
    </message>
    <message>
        <source>Lesson {number}: {title}</source>
        <translation>第 {number} 课：{title}</translation>
    </message>
    <message>
        <source>{lesson} — step {step} of {count}: {title}</source>
        <translation>{lesson} — 第 {step} 步（共 {count} 步）：{title}</translation>
    </message>
    <message>
        <source>Press Train (Ctrl+Return) to start.</source>
        <translation>按“训练”（Ctrl+Return）开始。</translation>
    </message>
    <message>
        <source>Look for: {outcome}.</source>
        <translation>留意：{outcome}。</translation>
    </message>
    <message>
        <source>As expected: {outcome}.</source>
        <translation>符合预期：{outcome}。</translation>
    </message>
    <message>
        <source>Not this time: {outcome} was expected.</source>
        <translation>这次没有出现预期的结果：{outcome}。</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ 上一步</translation>
    </message>
    <message>
        <source>Next step ▶</source>
        <translation>下一步 ▶</translation>
    </message>
    <message>
        <source>Start the race</source>
        <translation>开始赛跑</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>Menu</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Presets</source>
        <translation>预设(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>课程(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Tutorial 1: perceptron on OR, as written</source>
        <translation>教程 1：感知机学 OR（按原文）</translation>
    </message>
    <message>
        <source>Tutorial 1: MLP 784-256-256-10, as written</source>
        <translation>教程 1：MLP 784-256-256-10（按原文）</translation>
    </message>
    <message>
        <source>Tutorial 1: MLP 784-256-256-10, improved</source>
        <translation>教程 1：MLP 784-256-256-10（改进版）</translation>
    </message>
    <message>
        <source>Tutorial 2: small tanh CNN, as written</source>
        <translation>教程 2：小型 tanh CNN（按原文）</translation>
    </message>
    <message>
        <source>Tutorial 2: small tanh CNN, improved (augmented)</source>
        <translation>教程 2：小型 tanh CNN（改进版，加数据增强）</translation>
    </message>
    <message>
        <source>Tutorial 3: CNN 32-64 conv, dense 1024, as written</source>
        <translation>教程 3：CNN，32-64 卷积、1024 全连接（按原文）</translation>
    </message>
    <message>
        <source>Tutorial 3: CNN 32-64 conv, dense 1024, improved</source>
        <translation>教程 3：CNN，32-64 卷积、1024 全连接（改进版）</translation>
    </message>
    <message>
        <source>LeNet-5 (1998)</source>
        <translation>LeNet-5（1998）</translation>
    </message>
    <message>
        <source>Best CNN: BatchNorm + augmentation</source>
        <translation>最佳 CNN：BatchNorm 批归一化 + 数据增强</translation>
    </message>
    <message>
        <source>Loss plot as PNG…</source>
        <translation>损失曲线导出为 PNG…</translation>
    </message>
    <message>
        <source>Loss plot as CSV…</source>
        <translation>损失曲线导出为 CSV…</translation>
    </message>
    <message>
        <source>Accuracy plot as PNG…</source>
        <translation>准确率曲线导出为 PNG…</translation>
    </message>
    <message>
        <source>Accuracy plot as CSV…</source>
        <translation>准确率曲线导出为 CSV…</translation>
    </message>
    <message>
        <source>&amp;Open experiment…</source>
        <translation>打开实验(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save experiment…</source>
        <translation>保存实验(&amp;S)…</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Open &amp;model…</source>
        <translation>打开模型(&amp;M)…</translation>
    </message>
    <message>
        <source>Save mo&amp;del…</source>
        <translation>保存模型(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Export plot</source>
        <translation>导出图表(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>What&apos;s this?</source>
        <translation>这是什么？</translation>
    </message>
    <message>
        <source>About Neural Playground</source>
        <translation>关于 Neural Playground</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Reset &amp;layout</source>
        <translation>重置布局(&amp;L)</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Convolution (Conv2D)</source>
        <translation>卷积（Conv2D）</translation>
    </message>
    <message>
        <source>Max pooling</source>
        <translation>最大池化</translation>
    </message>
    <message>
        <source>Average pooling</source>
        <translation>平均池化</translation>
    </message>
    <message>
        <source>Batch normalisation</source>
        <translation>批归一化（BatchNorm）</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活（Activation）</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>丢弃法（Dropout）</translation>
    </message>
    <message>
        <source>Flatten</source>
        <translation>展平（Flatten）</translation>
    </message>
    <message>
        <source>Dense</source>
        <translation>全连接（Dense）</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>Epoch {}</source>
        <translation>轮数 {}</translation>
    </message>
    <message>
        <source>Step {}</source>
        <translation>步数 {}</translation>
    </message>
    <message>
        <source>{} steps/s</source>
        <translation>{} 步/秒</translation>
    </message>
    <message>
        <source>Loss {}</source>
        <translation>损失 {}</translation>
    </message>
</context>
<context>
    <name>Tab</name>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>激活值</translation>
    </message>
    <message>
        <source>Histograms</source>
        <translation>直方图</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
</context>
<context>
    <name>Toolbar</name>
    <message>
        <source>Full speed</source>
        <translation>全速</translation>
    </message>
    <message>
        <source>Fast (300 batches/s)</source>
        <translation>快速（每秒 300 批）</translation>
    </message>
    <message>
        <source>Watch (30 batches/s)</source>
        <translation>观察（每秒 30 批）</translation>
    </message>
    <message>
        <source>Slow motion (3 batches/s)</source>
        <translation>慢动作（每秒 3 批）</translation>
    </message>
</context>
</TS>
