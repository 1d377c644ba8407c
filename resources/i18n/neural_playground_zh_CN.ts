<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>About</name>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Neural Playground&lt;/b&gt; {version}&lt;/p&gt;&lt;p&gt;A desktop playground for learning neural networks: design a network, train it with NumPy written from scratch or with Keras, and watch the loss, the accuracy and the decision boundary change batch by batch.&lt;/p&gt;&lt;p&gt;Press &lt;b&gt;Shift+F1&lt;/b&gt; and click any control for an explanation of the idea behind it; the &lt;b&gt;Lessons&lt;/b&gt; menu replays the classic experiments step by step.&lt;/p&gt;&lt;p&gt;Built with Qt for Python (PySide6), pyqtgraph, NumPy and Keras (on TensorFlow, JAX or PyTorch). The MNIST digits are by Yann LeCun and Corinna Cortes (CC BY-SA 3.0); Fashion-MNIST is by Zalando Research (MIT licence); CIFAR-10 was collected by Alex Krizhevsky, Vinod Nair and Geoffrey Hinton.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Neural Playground&lt;/b&gt; {version}&lt;/p&gt;&lt;p&gt;一个学习神经网络的桌面实验场：设计一个网络，用从零写起的 NumPy 或用 Keras 训练它，一批接一批地观察损失、准确率和决策边界的变化。&lt;/p&gt;&lt;p&gt;按 &lt;b&gt;Shift+F1&lt;/b&gt; 再点击任意控件，即可看到它背后思想的讲解；&lt;b&gt;课程&lt;/b&gt;菜单会一步步重现经典实验。&lt;/p&gt;&lt;p&gt;基于 Qt for Python (PySide6)、pyqtgraph、NumPy 和 Keras（运行在 TensorFlow、JAX 或 PyTorch 上）构建。MNIST 数字由 Yann LeCun 和 Corinna Cortes 提供（CC BY-SA 3.0）；Fashion-MNIST 由 Zalando Research 提供（MIT 许可证）；CIFAR-10 由 Alex Krizhevsky、Vinod Nair 和 Geoffrey Hinton 收集。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>(development version)</source>
        <translation>（开发版）</translation>
    </message>
    <message>
        <source>About Neural Playground</source>
        <translation>关于 Neural Playground</translation>
    </message>
</context>
<context>
    <name>Backprop</name>
    <message>
        <source>Backprop on one weight works on NumPy MLPs: in the Network panel choose the NumPy engine and the MLP model. This network is a {model} on the {engine} engine.</source>
        <translation>“单个权重上的反向传播”只适用于 NumPy 的 MLP：请在“网络”面板中选择 NumPy 引擎和 MLP 模型。当前网络是 {engine} 引擎上的 {model}。</translation>
    </message>
    <message>
        <source>Reading the network…</source>
        <translation>正在读取网络…</translation>
    </message>
    <message>
        <source>Could not compute the gradient: {error}</source>
        <translation>无法计算梯度：{error}</translation>
    </message>
    <message>
        <source>1 if net &gt; 0, else 0</source>
        <translation>net &gt; 0 时为 1，否则为 0</translation>
    </message>
    <message>
        <source>1 if net &gt; 0, else 0.01</source>
        <translation>net &gt; 0 时为 1，否则为 0.01</translation>
    </message>
    <message>
        <source>sum of squared errors</source>
        <translation>误差平方和</translation>
    </message>
    <message>
        <source>mean squared error</source>
        <translation>均方误差</translation>
    </message>
    <message>
        <source>binary cross-entropy</source>
        <translation>二元交叉熵</translation>
    </message>
    <message>
        <source>cross-entropy</source>
        <translation>交叉熵</translation>
    </message>
    <message>
        <source>input {number}</source>
        <translation>输入 {number}</translation>
    </message>
    <message>
        <source>Output {number}</source>
        <translation>输出 {number}</translation>
    </message>
    <message>
        <source>Layer {layer}, neuron {number}</source>
        <translation>第 {layer} 层，神经元 {number}</translation>
    </message>
    <message>
        <source>The bias b of {target}: {name} = {value}</source>
        <translation>{target} 的偏置 b：{name} = {value}</translation>
    </message>
    <message>
        <source>The weight w from {source} to {target}: {name} = {value}</source>
        <translation>从 {source} 到 {target} 的权重 w：{name} = {value}</translation>
    </message>
    <message>
        <source>1 example</source>
        <translation>1 个样本</translation>
    </message>
    <message>
        <source>{count} examples, summed over n</source>
        <translation>{count} 个样本，对 n 求和</translation>
    </message>
    <message>
        <source>A softmax output depends on every unit&apos;s net, so ∂L/∂net is the whole sum Σₖ ∂L/∂outₖ × ∂outₖ/∂net: with cross-entropy it is (out − t) / n.</source>
        <translation>softmax 的输出取决于每个神经元的 net，所以 ∂L/∂net 是整个求和 Σₖ ∂L/∂outₖ × ∂outₖ/∂net：配合交叉熵时，它等于 (out − t) / n。</translation>
    </message>
    <message>
        <source>A softmax output depends on every unit&apos;s net, so ∂L/∂net is the whole sum Σₖ ∂L/∂outₖ × ∂outₖ/∂net.</source>
        <translation>softmax 的输出取决于每个神经元的 net，所以 ∂L/∂net 是整个求和 Σₖ ∂L/∂outₖ × ∂outₖ/∂net。</translation>
    </message>
    <message>
        <source>{derivative} = the input from {source}</source>
        <translation>{derivative} = 来自 {source} 的输入</translation>
    </message>
    <message>
        <source>… and {count} more examples</source>
        <translation>…… 还有 {count} 个样本</translation>
    </message>
    <message>
        <source>… and {count} more example</source>
        <translation>…… 还有 {count} 个样本</translation>
    </message>
    <message>
        <source>Chain rule: ∂L/∂{name} = {value}</source>
        <translation>链式法则：∂L/∂{name} = {value}</translation>
    </message>
    <message>
        <source>+ L2&apos;s 2λw = {value}</source>
        <translation>+ L2 的 2λw = {value}</translation>
    </message>
    <message>
        <source>The engine&apos;s backward pass: {value}</source>
        <translation>引擎的反向传播：{value}</translation>
    </message>
    <message>
        <source>Numerical, (L({name} + h) − L({name} − h)) / 2h with h = {h}: {value}</source>
        <translation>数值梯度，(L({name} + h) − L({name} − h)) / 2h，取 h = {h}：{value}</translation>
    </message>
    <message>
        <source>∂L/∂out of a hidden unit is a sum over every path from it to the loss: here the error the engine&apos;s backward pass brings back to it through {through}.</source>
        <translation>隐藏层神经元的 ∂L/∂out 是它到损失的每条路径之和：这里就是引擎的反向传播经过 {through} 传回给它的误差。</translation>
    </message>
    <message>
        <source>∂L/∂out of a hidden unit sums every path to the loss: Σₖ δₖ wⱼₖ over the {count} units of {layer}, each unit&apos;s error δₖ = ∂L/∂netₖ times the weight to it</source>
        <translation>隐藏层神经元的 ∂L/∂out 是它到损失的每条路径之和：对 {layer} 的 {count} 个神经元求 Σₖ δₖ wⱼₖ，即每个神经元的误差 δₖ = ∂L/∂netₖ 乘以通向它的权重</translation>
    </message>
    <message>
        <source>∂L/∂out of a hidden unit sums every path to the loss: Σₖ δₖ wⱼₖ over the {count} unit of {layer}, each unit&apos;s error δₖ = ∂L/∂netₖ times the weight to it</source>
        <translation>隐藏层神经元的 ∂L/∂out 是它到损失的每条路径之和：对 {layer} 的 {count} 个神经元求 Σₖ δₖ wⱼₖ，即每个神经元的误差 δₖ = ∂L/∂netₖ 乘以通向它的权重</translation>
    </message>
    <message>
        <source>{text}; for n = 1: {terms}{more} = {value}</source>
        <translation>{text}；当 n = 1 时：{terms}{more} = {value}</translation>
    </message>
    <message>
        <source>One SGD step at learning rate {lr}: {name} − lr × ∂L/∂{name} = {before} − {lr} × {grad} = {after}</source>
        <translation>以学习率 {lr} 走一步 SGD：{name} − lr × ∂L/∂{name} = {before} − {lr} × {grad} = {after}</translation>
    </message>
    <message>
        <source>One {optimizer} step at learning rate {lr} (the engine&apos;s own optimiser, with its state): {before} → {after}; a plain step {name} − lr × ∂L/∂{name} would give {plain}</source>
        <translation>以学习率 {lr} 走一步 {optimizer}（用引擎自己的优化器及其状态）：{before} → {after}；若只走普通的一步 {name} − lr × ∂L/∂{name}，会得到 {plain}</translation>
    </message>
    <message>
        <source>then L1 moves it lr × λ₁ = {shift} towards 0: {after}</source>
        <translation>然后 L1 把它向 0 移动 lr × λ₁ = {shift}：{after}</translation>
    </message>
    <message>
        <source>∂L/∂{name} &gt; 0: a slightly larger {name} would raise the loss, so gradient descent moves {name} down.</source>
        <translation>∂L/∂{name} &gt; 0：{name} 稍大一点，损失就会升高，所以梯度下降把 {name} 调小。</translation>
    </message>
    <message>
        <source>∂L/∂{name} &lt; 0: a slightly larger {name} would lower the loss, so gradient descent moves {name} up.</source>
        <translation>∂L/∂{name} &lt; 0：{name} 稍大一点，损失就会降低，所以梯度下降把 {name} 调大。</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>To</source>
        <translation>终点</translation>
    </message>
    <message>
        <source>all training points</source>
        <translation>所有训练点</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>Build a network to see backprop on one of its weights.</source>
        <translation>建好一个网络，就能看到它某个权重上的反向传播。</translation>
    </message>
    <message>
        <source>training point</source>
        <translation>训练点</translation>
    </message>
    <message>
        <source>Layer {number}</source>
        <translation>第 {number} 层</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>the first {count} training points</source>
        <translation>前 {count} 个训练点</translation>
    </message>
    <message>
        <source>the output layer</source>
        <translation>输出层</translation>
    </message>
    <message>
        <source>layer {number}</source>
        <translation>第 {number} 层</translation>
    </message>
    <message>
        <source>bias (its input is 1)</source>
        <translation>偏置（其输入为 1）</translation>
    </message>
</context>
<context>
    <name>Boundary</name>
    <message>
        <source>P(class 1)</source>
        <translation>P(类别 1)</translation>
    </message>
    <message>
        <source>predicted value</source>
        <translation>预测值</translation>
    </message>
    <message>
        <source>Show validation data</source>
        <translation>显示验证集数据</translation>
    </message>
    <message>
        <source>Show test data</source>
        <translation>显示测试集数据</translation>
    </message>
    <message>
        <source>Discretize output</source>
        <translation>离散化输出</translation>
    </message>
    <message>
        <source>{points} (hidden)</source>
        <translation>{points}（已隐藏）</translation>
    </message>
    <message>
        <source>◆ validation {count}</source>
        <translation>◆ 验证集 {count}</translation>
    </message>
    <message>
        <source>no validation points: the training points validate</source>
        <translation>没有验证点：由训练点来验证</translation>
    </message>
    <message>
        <source>● train {count}</source>
        <translation>● 训练集 {count}</translation>
    </message>
    <message>
        <source>○ test {count}</source>
        <translation>○ 测试集 {count}</translation>
    </message>
</context>
<context>
    <name>ClassNames</name>
    <message>
        <source>T-shirt/top</source>
        <translation>T恤/上衣</translation>
    </message>
    <message>
        <source>Trouser</source>
        <translation>裤子</translation>
    </message>
    <message>
        <source>Pullover</source>
        <translation>套头衫</translation>
    </message>
    <message>
        <source>Dress</source>
        <translation>连衣裙</translation>
    </message>
    <message>
        <source>Coat</source>
        <translation>外套</translation>
    </message>
    <message>
        <source>Sandal</source>
        <translation>凉鞋</translation>
    </message>
    <message>
        <source>Shirt</source>
        <translation>衬衫</translation>
    </message>
    <message>
        <source>Sneaker</source>
        <translation>运动鞋</translation>
    </message>
    <message>
        <source>Bag</source>
        <translation>包</translation>
    </message>
    <message>
        <source>Ankle boot</source>
        <translation>短靴</translation>
    </message>
    <message>
        <source>airplane</source>
        <translation>飞机</translation>
    </message>
    <message>
        <source>automobile</source>
        <translation>汽车</translation>
    </message>
    <message>
        <source>bird</source>
        <translation>鸟</translation>
    </message>
    <message>
        <source>cat</source>
        <translation>猫</translation>
    </message>
    <message>
        <source>deer</source>
        <translation>鹿</translation>
    </message>
    <message>
        <source>dog</source>
        <translation>狗</translation>
    </message>
    <message>
        <source>frog</source>
        <translation>青蛙</translation>
    </message>
    <message>
        <source>horse</source>
        <translation>马</translation>
    </message>
    <message>
        <source>ship</source>
        <translation>船</translation>
    </message>
    <message>
        <source>truck</source>
        <translation>卡车</translation>
    </message>
</context>
<context>
    <name>Controls</name>
    <message>
        <source>neuron</source>
        <translation>神经元</translation>
    </message>
    <message>
        <source>hidden layer</source>
        <translation>隐藏层</translation>
    </message>
    <message>
        <source>One fewer {noun} (at least {minimum})</source>
        <translation>减少一个{noun}（至少 {minimum} 个）</translation>
    </message>
    <message>
        <source>One more {noun} (at most {maximum})</source>
        <translation>增加一个{noun}（最多 {maximum} 个）</translation>
    </message>
    <message>
        <source>One fewer (at least {minimum})</source>
        <translation>减一（至少 {minimum}）</translation>
    </message>
    <message>
        <source>One more (at most {maximum})</source>
        <translation>加一（最多 {maximum}）</translation>
    </message>
</context>
<context>
    <name>Data</name>
    <message>
        <source>OR gate</source>
        <translation>或门</translation>
    </message>
    <message>
        <source>The OR truth table: four points one straight line can separate.</source>
        <translation>或门的真值表：四个点，一条直线就能分开。</translation>
    </message>
    <message>
        <source>AND gate</source>
        <translation>与门</translation>
    </message>
    <message>
        <source>The AND truth table: four points one straight line can separate.</source>
        <translation>与门的真值表：四个点，一条直线就能分开。</translation>
    </message>
    <message>
        <source>XOR gate</source>
        <translation>异或门</translation>
    </message>
    <message>
        <source>The XOR truth table: no single line separates it; it needs a hidden layer.</source>
        <translation>异或门的真值表：没有哪一条直线能把它分开；它需要一个隐藏层。</translation>
    </message>
    <message>
        <source>Circle</source>
        <translation>圆形</translation>
    </message>
    <message>
        <source>One class inside a ring of the other: needs a curved boundary.</source>
        <translation>一类点被另一类围成一圈：需要弯曲的边界。</translation>
    </message>
    <message>
        <source>XOR</source>
        <translation>异或</translation>
    </message>
    <message>
        <source>Four quadrants, opposite corners alike: the XOR problem as a cloud.</source>
        <translation>四个象限，对角同类：点云形式的异或问题。</translation>
    </message>
    <message>
        <source>Gaussian</source>
        <translation>高斯</translation>
    </message>
    <message>
        <source>Two round clusters: the easy case, a line separates them.</source>
        <translation>两个圆形的簇：简单的情形，一条直线就能分开。</translation>
    </message>
    <message>
        <source>Spiral</source>
        <translation>螺旋</translation>
    </message>
    <message>
        <source>Two interleaved spiral arms: the hardest 2-D set, needs a deep net.</source>
        <translation>两条交错的螺旋臂：最难的二维数据集，需要深层网络。</translation>
    </message>
    <message>
        <source>Moons</source>
        <translation>双月</translation>
    </message>
    <message>
        <source>Two interlocking half moons.</source>
        <translation>两个相扣的半月形。</translation>
    </message>
    <message>
        <source>Plane</source>
        <translation>平面</translation>
    </message>
    <message>
        <source>Regression: each point&apos;s target is the number (x1 + x2) / 10, a tilted plane that a linear model fits.</source>
        <translation>回归：每个点的目标值是数 (x1 + x2) / 10，即一个倾斜的平面，线性模型就能拟合。</translation>
    </message>
    <message>
        <source>Multi-Gaussian</source>
        <translation>多高斯</translation>
    </message>
    <message>
        <source>Regression: six cones of height +1 or -1; the target is the cone under the point (0 between them). No plane fits it: it needs a hidden layer.</source>
        <translation>回归：六个高为 +1 或 -1 的锥体；目标值取点所在的锥体（锥体之间为 0）。没有平面能拟合它：它需要一个隐藏层。</translation>
    </message>
    <message>
        <source>Import your own points from a CSV file with columns x, y, label.</source>
        <translation>从 CSV 文件导入你自己的点，列为 x、y、label。</translation>
    </message>
    <message>
        <source>MNIST handwritten digits (28×28 images, 10 classes).</source>
        <translation>MNIST 手写数字（28×28 的图像，10 个类别）。</translation>
    </message>
    <message>
        <source>Fashion-MNIST: Zalando&apos;s pictures of clothes, shoes and bags (28×28 grey images, 10 classes), a harder drop-in for MNIST.</source>
        <translation>Fashion-MNIST：Zalando 的服装、鞋子和包的图片（28×28 灰度图像，10 个类别），可直接替换 MNIST，但更难。</translation>
    </message>
    <message>
        <source>CIFAR-10: small colour photos of aeroplanes, cars, animals, ships and trucks (32×32×3 images, 10 classes).</source>
        <translation>CIFAR-10：飞机、汽车、动物、轮船和卡车的小幅彩色照片（32×32×3 图像，10 个类别）。</translation>
    </message>
    <message>
        <source>Image folder…</source>
        <translation>图片文件夹…</translation>
    </message>
    <message>
        <source>Your own pictures: a folder with one sub-folder of images per class (cats/, dogs/ or 0/ … 9/).</source>
        <translation>你自己的图片：一个文件夹，每个类别一个图片子文件夹（cats/、dogs/ 或 0/ … 9/）。</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Standardize (train mean, std)</source>
        <translation>标准化（训练集的均值、标准差）</translation>
    </message>
    <message>
        <source>Orange (0)</source>
        <translation>橙（0）</translation>
    </message>
    <message>
        <source>Blue (1)</source>
        <translation>蓝（1）</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Train ratio</source>
        <translation>训练比例</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>点数</translation>
    </message>
    <message>
        <source>Coordinate scale</source>
        <translation>坐标缩放</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Input scaling</source>
        <translation>输入缩放</translation>
    </message>
    <message>
        <source>Change folder…</source>
        <translation>更换文件夹…</translation>
    </message>
    <message>
        <source>Click the plot to add points of class:</source>
        <translation>点击图中添加这一类的点：</translation>
    </message>
    <message>
        <source>Import points from CSV</source>
        <translation>从 CSV 导入点</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Reading {file}…</source>
        <translation>正在读取 {file}…</translation>
    </message>
    <message>
        <source>Cannot import CSV</source>
        <translation>无法导入 CSV</translation>
    </message>
    <message>
        <source>Looking at the pictures…</source>
        <translation>正在查看图片…</translation>
    </message>
    <message>
        <source>train {train} · test {test}: the same {train} rows of the truth table. Nothing can be held out, so validation uses the training rows.</source>
        <translation>训练 {train} · 测试 {test}：都是真值表的这 {train} 行。没有可以留出的行，所以验证使用训练行。</translation>
    </message>
    <message>
        <source>train {train:,} · test {test:,}. Nothing held out: validation uses the training rows.</source>
        <translation>训练 {train:,} · 测试 {test:,}。没有留出数据：验证使用训练行。</translation>
    </message>
    <message>
        <source>train {train:,} · validation {validation:,} · test {test:,}</source>
        <translation>训练 {train:,} · 验证 {validation:,} · 测试 {test:,}</translation>
    </message>
    <message>
        <source>To get {title} another way: download {url} on any computer with a network, copy it here and use Choose file….</source>
        <translation>用别的办法获取 {title}：在任意一台能上网的电脑上下载 {url}，复制到这台电脑，再用“选择文件…”打开。</translation>
    </message>
    <message>
        <source>Or set the environment variable {variable} to the file (or the folder holding its files) and start the app again.</source>
        <translation>或者把环境变量 {variable} 设为该文件（或存放其文件的文件夹），然后重新启动程序。</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>All {count:,}</source>
        <translation>全部 {count:,} 张</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>First {count:,}</source>
        <translation>前 {count:,} 张</translation>
    </message>
    <message>
        <source>{title} from {file}</source>
        <translation>{title} 来自 {file}</translation>
    </message>
    <message>
        <source>{title} from {file} (${variable})</source>
        <translation>{title} 来自 {file}（${variable}）</translation>
    </message>
    <message>
        <source>{title} from the Keras cache (~/.keras/datasets)</source>
        <translation>{title} 来自 Keras 缓存（~/.keras/datasets）</translation>
    </message>
    <message>
        <source>Looking for {title}…</source>
        <translation>正在查找 {title}…</translation>
    </message>
    <message>
        <source>Cannot use this {title} file</source>
        <translation>无法使用这个 {title} 文件</translation>
    </message>
    <message>
        <source>{title} not found</source>
        <translation>找不到 {title}</translation>
    </message>
    <message>
        <source>{title}: none found. Choose a file or download it.</source>
        <translation>{title}：没有找到。请选择文件或下载。</translation>
    </message>
    <message>
        <source>Choose file… opens a copy of {title} you already have. Download fetches it ({size}) through Keras.

{how_to_get}</source>
        <translation>“选择文件…”打开你已有的 {title} 副本。“下载”通过 Keras 获取它（{size}）。

{how_to_get}</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Open {title}</source>
        <translation>打开 {title}</translation>
    </message>
    <message>
        <source>Downloading {title} ({size})…</source>
        <translation>正在下载 {title}（{size}）…</translation>
    </message>
    <message>
        <source>{title} could not be downloaded</source>
        <translation>无法下载 {title}</translation>
    </message>
    <message>
        <source>Training images</source>
        <translation>训练图像数</translation>
    </message>
</context>
<context>
    <name>Digits</name>
    <message>
        <source>Draw a digit here with the mouse, a pen or a finger</source>
        <translation>在这里用鼠标、手写笔或手指写一个数字</translation>
    </message>
    <message>
        <source>Pen width</source>
        <translation>笔宽</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Wipe the canvas (Esc)</source>
        <translation>清空画布（Esc）</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Remove the last stroke (Ctrl+Z)</source>
        <translation>删除最后一笔（Ctrl+Z）</translation>
    </message>
    <message>
        <source>Load image…</source>
        <translation>载入图片…</translation>
    </message>
    <message>
        <source>A PNG or JPG of a digit</source>
        <translation>一张数字的 PNG 或 JPG 图片</translation>
    </message>
    <message>
        <source>Random test digit</source>
        <translation>随机测试数字</translation>
    </message>
    <message>
        <source>A real MNIST test image the model never saw</source>
        <translation>一张模型从未见过的真实 MNIST 测试图像</translation>
    </message>
    <message>
        <source>Pen</source>
        <translation>笔宽</translation>
    </message>
    <message>
        <source>Draw a digit</source>
        <translation>写一个数字</translation>
    </message>
    <message>
        <source>Model trained in this window</source>
        <translation>本窗口训练的模型</translation>
    </message>
    <message>
        <source>Open model…</source>
        <translation>打开模型…</translation>
    </message>
    <message>
        <source>Shipped model</source>
        <translation>自带模型</translation>
    </message>
    <message>
        <source>The window&apos;s network is for {data}, not for digits, so it is not offered here.</source>
        <translation>窗口中的网络是为 {data} 准备的，不是为数字准备的，因此这里不提供它。</translation>
    </message>
    <message>
        <source>2-D points</source>
        <translation>二维数据点</translation>
    </message>
    <message>
        <source>a folder of your own images</source>
        <translation>你自己的图像文件夹</translation>
    </message>
    <message>
        <source>Digit model</source>
        <translation>数字模型</translation>
    </message>
    <message>
        <source>Shipped model (unavailable: {error})</source>
        <translation>自带模型（不可用：{error}）</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Nothing drawn yet</source>
        <translation>还没有写任何东西</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>没有模型</translation>
    </message>
    <message>
        <source>No model available</source>
        <translation>没有可用的模型</translation>
    </message>
    <message>
        <source>The model failed: {error}</source>
        <translation>模型出错：{error}</translation>
    </message>
    <message>
        <source>Load a digit image</source>
        <translation>载入数字图片</translation>
    </message>
    <message>
        <source>Images ({patterns})</source>
        <translation>图片（{patterns}）</translation>
    </message>
    <message>
        <source>Cannot load the image</source>
        <translation>无法载入图片</translation>
    </message>
    <message>
        <source>MNIST test image #{index}: a {digit}</source>
        <translation>MNIST 测试图像 #{index}：数字 {digit}</translation>
    </message>
    <message>
        <source>Open a digit model</source>
        <translation>打开数字模型</translation>
    </message>
    <message>
        <source>Models ({patterns})</source>
        <translation>模型（{patterns}）</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>正在载入 {name}…</translation>
    </message>
    <message>
        <source>In use: {model} — a small CNN trained on MNIST, run with NumPy</source>
        <translation>正在使用：{model} — 一个在 MNIST 上训练的小型 CNN，用 NumPy 运行</translation>
    </message>
    <message>
        <source>In use: {model} — the network this window trains; it learns as you watch</source>
        <translation>正在使用：{model} — 本窗口正在训练的网络；你可以看着它学习</translation>
    </message>
    <message>
        <source>In use: {model}</source>
        <translation>正在使用：{model}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>MNIST is not available</source>
        <translation>MNIST 不可用</translation>
    </message>
    <message>
        <source>Cannot open the model</source>
        <translation>无法打开模型</translation>
    </message>
    <message>
        <source>{name} was trained on {data}, not on digits.</source>
        <translation>{name} 是用 {data} 训练的，不是用数字训练的。</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Opened: {model}</source>
        <translation>已打开：{model}</translation>
    </message>
    <message>
        <source>Trained in this window: {model}</source>
        <translation>在本窗口中训练：{model}</translation>
    </message>
    <message>
        <source>Shipped model ({percent})</source>
        <translation>自带模型（{percent}）</translation>
    </message>
    <message>
        <source>All ({patterns})</source>
        <translation>所有文件（{patterns}）</translation>
    </message>
    <message>
        <source>The 28x28 image the network receives</source>
        <translation>网络接收到的 28x28 图像</translation>
    </message>
    <message>
        <source>Network input (28×28)</source>
        <translation>网络输入（28×28）</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>{confidence} sure</source>
        <translation>把握 {confidence}</translation>
    </message>
</context>
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
    <name>Evaluation</name>
    <message>
        <source>Loading Keras…</source>
        <translation>正在加载 Keras…</translation>
    </message>
    <message>
        <source>Loading Keras on {backend}… (the first time takes a few seconds; the window stays usable)</source>
        <translation>正在 {backend} 上加载 Keras…（第一次需要几秒钟；窗口仍可使用）</translation>
    </message>
    <message>
        <source>no Keras</source>
        <translation>无 Keras</translation>
    </message>
    <message>
        <source>Keras is not available</source>
        <translation>Keras 不可用</translation>
    </message>
    <message>
        <source>Keras loaded; building the network…</source>
        <translation>Keras 已加载；正在构建网络…</translation>
    </message>
    <message>
        <source>Keras model ready on {device}</source>
        <translation>Keras 模型已在 {device} 上就绪</translation>
    </message>
    <message>
        <source>There is no network to evaluate yet.</source>
        <translation>还没有可以评估的网络。</translation>
    </message>
    <message>
        <source>Evaluating on the test set…</source>
        <translation>正在测试集上评估…</translation>
    </message>
    <message>
        <source>pred {predicted} / true {label}</source>
        <translation>预测 {predicted} / 真实 {label}</translation>
    </message>
    <message>
        <source>P(class)</source>
        <translation>P(类别)</translation>
    </message>
    <message>
        <source>Misclassified test digits</source>
        <translation>分类错误的测试数字</translation>
    </message>
    <message>
        <source>{total} misclassified test digits (the {shown} most confident shown)</source>
        <translation>{total} 个分类错误的测试数字（显示把握最大的 {shown} 个）</translation>
    </message>
    <message>
        <source>{total} misclassified test digits</source>
        <translation>{total} 个分类错误的测试数字</translation>
    </message>
    <message>
        <source>Misclassified test images</source>
        <translation>分类错误的测试图像</translation>
    </message>
    <message>
        <source>{total} misclassified test images</source>
        <translation>{total} 张分类错误的测试图像</translation>
    </message>
    <message>
        <source>{total} misclassified test images (the {shown} most confident shown)</source>
        <translation>{total} 张分类错误的测试图像（显示把握最大的 {shown} 张）</translation>
    </message>
    <message>
        <source>Click an image above to see its class probabilities.</source>
        <translation>点击上方的一张图像，查看它属于各个类别的概率。</translation>
    </message>
    <message>
        <source>Predicted {predicted} with {confidence} confidence; the label says {label}.</source>
        <translation>以 {confidence} 的置信度预测为 {predicted}；标签是 {label}。</translation>
    </message>
    <message>
        <source>Click a digit above to see its class probabilities.</source>
        <translation>点击上方的一个数字，查看它属于各个类别的概率。</translation>
    </message>
    <message>
        <source>Predicted {predicted} (orange, {predicted_share}); the label is {label} (blue, {label_share}).</source>
        <translation>预测为 {predicted}（橙色，{predicted_share}）；标签是 {label}（蓝色，{label_share}）。</translation>
    </message>
    <message>
        <source>MSE (loss)</source>
        <translation>MSE 均方误差（损失）</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>A regression has no classes, so no accuracy: MSE is the mean squared error (the loss), MAE the mean absolute error, and R² = 1 − MSE / variance of the targets (1 is perfect, 0 no better than always predicting their mean). The heatmap shows the predicted value.</source>
        <translation>回归没有类别，所以没有准确率：MSE 是均方误差（也就是损失），MAE 是平均绝对误差，R² = 1 − MSE / 目标值的方差（1 表示完美，0 表示并不比总是预测目标值的均值更好）。热图显示的是预测值。</translation>
    </message>
    <message>
        <source>Test accuracy – (train, or press Evaluate now)</source>
        <translation>测试集准确率 –（请先训练，或点击“立即评估”）</translation>
    </message>
    <message>
        <source>Test R² – (train, or press Evaluate now)</source>
        <translation>测试集 R² –（请先训练，或点击“立即评估”）</translation>
    </message>
    <message>
        <source>predicted (class number)</source>
        <translation>预测（类别编号）</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>true</source>
        <translation>真实</translation>
    </message>
    <message>
        <source>share of the true class</source>
        <translation>占该真实类别的比例</translation>
    </message>
    <message>
        <source>True {true}, predicted {predicted}: {count} ({share} of true {true})</source>
        <translation>真实 {true}，预测 {predicted}：{count} 个（占真实 {true} 的 {share}）</translation>
    </message>
    <message>
        <source>Evaluate now</source>
        <translation>立即评估</translation>
    </message>
    <message>
        <source>After each epoch</source>
        <translation>每轮之后</translation>
    </message>
    <message>
        <source>Test accuracy {accuracy}  ({right} of {n} right, epoch {epoch})</source>
        <translation>测试集准确率 {accuracy}（{n} 个中对了 {right} 个，第 {epoch} 轮）</translation>
    </message>
    <message>
        <source>Each row is a true class; the decision-boundary panel shows where the misclassified test points lie.</source>
        <translation>每一行是一个真实类别；决策边界面板显示分类错误的测试点位于哪里。</translation>
    </message>
    <message>
        <source>Test R² {r2}  ({n} test points, epoch {epoch})</source>
        <translation>测试集 R² {r2}（{n} 个测试点，第 {epoch} 轮）</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <source>Experiments</source>
        <translation>实验</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>所有文件</translation>
    </message>
    <message>
        <source>NumPy models</source>
        <translation>NumPy 模型</translation>
    </message>
    <message>
        <source>Keras models</source>
        <translation>Keras 模型</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>PNG images</source>
        <translation>PNG 图片</translation>
    </message>
    <message>
        <source>CSV files</source>
        <translation>CSV 文件</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Could not save the experiment</source>
        <translation>无法保存实验</translation>
    </message>
    <message>
        <source>Saved experiment {path}</source>
        <translation>已保存实验 {path}</translation>
    </message>
    <message>
        <source>Could not open the experiment</source>
        <translation>无法打开实验</translation>
    </message>
    <message>
        <source>Opened experiment {path}</source>
        <translation>已打开实验 {path}</translation>
    </message>
    <message>
        <source>Could not save the model</source>
        <translation>无法保存模型</translation>
    </message>
    <message>
        <source>There is no network yet.</source>
        <translation>还没有网络。</translation>
    </message>
    <message>
        <source>Saved model {path}</source>
        <translation>已保存模型 {path}</translation>
    </message>
    <message>
        <source>Could not open the model</source>
        <translation>无法打开模型</translation>
    </message>
    <message>
        <source>Opened model {path}</source>
        <translation>已打开模型 {path}</translation>
    </message>
    <message>
        <source>Could not export the plot</source>
        <translation>无法导出图表</translation>
    </message>
    <message>
        <source>Exported {plot} plot to {path}</source>
        <translation>已将{plot}图导出到 {path}</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>没有最近的文件</translation>
    </message>
    <message>
        <source>Open experiment</source>
        <translation>打开实验</translation>
    </message>
    <message>
        <source>Save experiment</source>
        <translation>保存实验</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>Save model</source>
        <translation>保存模型</translation>
    </message>
    <message>
        <source>Export {plot} plot</source>
        <translation>导出{plot}图</translation>
    </message>
    <message>
        <source>Keras script</source>
        <translation>Keras 脚本</translation>
    </message>
    <message>
        <source>NumPy script (everything written out)</source>
        <translation>NumPy 脚本（所有代码都写出来）</translation>
    </message>
    <message>
        <source>Could not export the experiment as Python</source>
        <translation>无法将实验导出为 Python 脚本</translation>
    </message>
    <message>
        <source>Exported the experiment as Python: {path}</source>
        <translation>已将实验导出为 Python 脚本：{path}</translation>
    </message>
    <message>
        <source>Export as Python</source>
        <translation>导出为 Python 脚本</translation>
    </message>
</context>
<context>
    <name>Hyperparameters</name>
    <message>
        <source>Cross-entropy (softmax)</source>
        <translation>交叉熵（softmax）</translation>
    </message>
    <message>
        <source>Binary cross-entropy</source>
        <translation>二元交叉熵</translation>
    </message>
    <message>
        <source>Mean squared error</source>
        <translation>均方误差</translation>
    </message>
    <message>
        <source>Sum of squared errors</source>
        <translation>误差平方和</translation>
    </message>
    <message>
        <source>He (for ReLU)</source>
        <translation>He（适用于 ReLU）</translation>
    </message>
    <message>
        <source>Uniform ±0.5 (Playground)</source>
        <translation>均匀分布 ±0.5（Playground）</translation>
    </message>
    <message>
        <source>Normal N(0, 1) (Tutorial 1)</source>
        <translation>正态分布 N(0, 1)（教程 1）</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>LR decay</source>
        <translation>学习率衰减</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>L1 rate</source>
        <translation>L1 正则化率</translation>
    </message>
    <message>
        <source>L2 rate</source>
        <translation>L2 正则化率</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>丢弃法</translation>
    </message>
    <message>
        <source>Early stop</source>
        <translation>早停</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Optimisation</source>
        <translation>优化</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Regularisation</source>
        <translation>正则化</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <source>Init</source>
        <translation>初始化</translation>
    </message>
</context>
<context>
    <name>ImageFolder</name>
    <message>
        <source>Auto (colour if any picture has colour)</source>
        <translation>自动（只要有一张图片是彩色就用彩色）</translation>
    </message>
    <message>
        <source>Grayscale</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>Colour (RGB)</source>
        <translation>彩色（RGB）</translation>
    </message>
    <message>
        <source>colour</source>
        <translation>彩色</translation>
    </message>
    <message>
        <source>grayscale</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>{n} classes: {classes} · {h}×{w}, {colour}</source>
        <translation>{n} 个类别：{classes} · {h}×{w}，{colour}</translation>
    </message>
    <message>
        <source>{n} files skipped</source>
        <translation>跳过了 {n} 个文件</translation>
    </message>
    <message>
        <source>Image folder</source>
        <translation>图片文件夹</translation>
    </message>
    <message>
        <source>{n} classes, {images:,} images</source>
        <translation>{n} 个类别，{images:,} 张图片</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图片数</translation>
    </message>
    <message>
        <source>Skipped files: {n}</source>
        <translation>跳过的文件：{n} 个</translation>
    </message>
    <message>
        <source>No file was skipped.</source>
        <translation>没有跳过任何文件。</translation>
    </message>
    <message>
        <source>Inferred from the files: {h}×{w}, {colour}</source>
        <translation>从文件推断：{h}×{w}，{colour}</translation>
    </message>
    <message>
        <source>Inferred ({h}×{w})</source>
        <translation>推断值（{h}×{w}）</translation>
    </message>
    <message>
        <source>px</source>
        <translation>像素</translation>
    </message>
    <message>
        <source>0 keeps the size inferred from the files; 8 to 256 resizes every picture to that many pixels square (stretched, not cropped).</source>
        <translation>0 表示沿用从文件推断出的尺寸；8 到 256 会把每张图片缩放成这么多像素的正方形（拉伸而非裁剪）。</translation>
    </message>
    <message>
        <source>Grayscale feeds the network one channel, colour three; Auto uses colour when any picture has colour.</source>
        <translation>灰度给网络一个通道，彩色给三个通道；“自动”在任意一张图片有颜色时使用彩色。</translation>
    </message>
    <message>
        <source>The share of each class set aside as the test set; every class keeps at least one picture to train on and one to test.</source>
        <translation>每个类别中留作测试集的比例；每个类别至少保留一张用于训练、一张用于测试。</translation>
    </message>
    <message>
        <source>Image size</source>
        <translation>图片尺寸</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Test split</source>
        <translation>测试集比例</translation>
    </message>
    <message>
        <source>Use this folder</source>
        <translation>使用这个文件夹</translation>
    </message>
    <message>
        <source>Network input: {h}×{w}×{c}</source>
        <translation>网络输入：{h}×{w}×{c}</translation>
    </message>
    <message>
        <source>Choose a folder with one sub-folder per class</source>
        <translation>选择一个每个类别一个子文件夹的文件夹</translation>
    </message>
    <message>
        <source>Looking at the pictures in {folder}…</source>
        <translation>正在查看 {folder} 中的图片…</translation>
    </message>
    <message>
        <source>Cannot use this folder</source>
        <translation>无法使用这个文件夹</translation>
    </message>
</context>
<context>
    <name>Inside</name>
    <message>
        <source>f′(z), the slope backprop uses</source>
        <translation>f′(z)，反向传播用到的斜率</translation>
    </message>
    <message>
        <source>f(z) = z;  f&apos;(z) = 1. Stacked linear layers collapse into one linear map.</source>
        <translation>f(z) = z；f&apos;(z) = 1。多个线性层叠在一起，仍然等于一个线性映射。</translation>
    </message>
    <message>
        <source>f(z) = 1 if z ≥ 0 else 0;  f&apos;(z) = 0 (undefined at 0): backprop gets no signal, so only the perceptron rule can train it.</source>
        <translation>当 z ≥ 0 时 f(z) = 1，否则为 0；f&apos;(z) = 0（在 0 处无定义）：反向传播得不到任何信号，所以只能用感知机规则来训练。</translation>
    </message>
    <message>
        <source>σ(z) = 1 / (1 + e^−z);  σ&apos;(z) = σ(z)(1 − σ(z)) ≤ 0.25. Each sigmoid layer multiplies the gradient by at most 0.25: deep sigmoid nets&apos; early layers barely learn.</source>
        <translation>σ(z) = 1 / (1 + e^−z)；σ&apos;(z) = σ(z)(1 − σ(z)) ≤ 0.25。每经过一个 sigmoid 层，梯度至多乘以 0.25：深层 sigmoid 网络的前几层几乎学不动。</translation>
    </message>
    <message>
        <source>tanh(z);  tanh&apos;(z) = 1 − tanh²(z) ≤ 1. Zero-centred, but it saturates like sigmoid.</source>
        <translation>tanh(z)；tanh&apos;(z) = 1 − tanh²(z) ≤ 1。以零为中心，但和 sigmoid 一样会饱和。</translation>
    </message>
    <message>
        <source>ReLU(z) = max(0, z);  ReLU&apos;(z) = 1 for z &gt; 0, else 0. No vanishing for active units, but a unit whose z &lt; 0 for every input is dead: its gradient is 0 forever.</source>
        <translation>ReLU(z) = max(0, z)；z &gt; 0 时 ReLU&apos;(z) = 1，否则为 0。激活的神经元不会梯度消失，但若某个神经元对每个输入都有 z &lt; 0，它就“死”了：梯度永远为 0。</translation>
    </message>
    <message>
        <source>f(z) = z for z &gt; 0, 0.01·z otherwise;  f&apos;(z) = 1 or 0.01: a small slope keeps every unit alive.</source>
        <translation>z &gt; 0 时 f(z) = z，否则为 0.01·z；f&apos;(z) = 1 或 0.01：一个小斜率让每个神经元都保持“存活”。</translation>
    </message>
    <message>
        <source>softmax(z)_i = e^z_i / Σ_j e^z_j. Shown for two logits (z, 0): the first output is σ(z), its slope p(1 − p).</source>
        <translation>softmax(z)_i = e^z_i / Σ_j e^z_j。这里画的是两个 logit (z, 0) 的情形：第一个输出就是 σ(z)，斜率为 p(1 − p)。</translation>
    </message>
    <message>
        <source>Activation function</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>z (the unit&apos;s weighted input)</source>
        <translation>z（神经元的加权输入）</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>max slope {slope} at z = {z}</source>
        <translation>最大斜率 {slope}，在 z = {z} 处</translation>
    </message>
    <message>
        <source>the canvas digit</source>
        <translation>画布上的数字</translation>
    </message>
    <message>
        <source>The shipped digit model is unavailable: {error}</source>
        <translation>自带的数字模型不可用：{error}</translation>
    </message>
    <message>
        <source>the canvas digit through the shipped digit CNN (this window&apos;s network is not trained on digits)</source>
        <translation>画布上的数字经过自带的数字 CNN（本窗口的网络不是用数字训练的）</translation>
    </message>
    <message>
        <source>Could not run the digit through the network: {error}</source>
        <translation>无法让这个数字通过网络：{error}</translation>
    </message>
    <message>
        <source>{caption} through this window&apos;s network</source>
        <translation>{caption}经过本窗口的网络</translation>
    </message>
    <message>
        <source>test digit #{index} (a {label})</source>
        <translation>测试数字 #{index}（{label}）</translation>
    </message>
    <message>
        <source>test image #{index} ({label})</source>
        <translation>测试图像 #{index}（{label}）</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>死亡</translation>
    </message>
    <message>
        <source>saturated</source>
        <translation>饱和</translation>
    </message>
    <message>
        <source>RMS gradient</source>
        <translation>梯度均方根（RMS）</translation>
    </message>
    <message>
        <source>Gradient size per layer</source>
        <translation>各层的梯度大小</translation>
    </message>
    <message>
        <source>Histogram layer</source>
        <translation>直方图所属的层</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>log10 |gradient|</source>
        <translation>log10 |梯度|</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Inactive units: dead (ReLU) or saturated (sigmoid/tanh)</source>
        <translation>不活跃的神经元：死亡（ReLU）或饱和（sigmoid/tanh）</translation>
    </message>
    <message>
        <source>share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>{layer}: {share} {word}</source>
        <translation>{layer}：{share} {word}</translation>
    </message>
    <message>
        <source>No ReLU, sigmoid or tanh hidden layers to check.</source>
        <translation>没有可检查的 ReLU、sigmoid 或 tanh 隐藏层。</translation>
    </message>
    <message>
        <source>Draw a digit on the canvas (Draw a digit dock) to see every layer respond.</source>
        <translation>在画布上写一个数字（“写一个数字”面板），就能看到每一层的响应。</translation>
    </message>
    <message>
        <source>The weights appear once a network is built.</source>
        <translation>网络建好后，这里会显示权重。</translation>
    </message>
    <message>
        <source>The weights appear once the network is built.</source>
        <translation>网络建好后，这里会显示权重。</translation>
    </message>
    <message>
        <source>This model cannot be looked inside.</source>
        <translation>无法查看这个模型的内部。</translation>
    </message>
    <message>
        <source>The network graph shows every weight of this network as a line: blue positive, orange negative, thicker is larger.</source>
        <translation>网络图把这个网络的每个权重画成一条线：蓝色为正，橙色为负，越粗越大。</translation>
    </message>
    <message>
        <source>Each tile is one filter&apos;s (or unit&apos;s) red, green and blue weights as a colour picture, scaled by its own largest |weight|: mid grey is a weight of 0; where a channel is brighter than mid grey, the weight on that colour is positive, where darker, negative.</source>
        <translation>每个小图块把一个滤波器（或神经元）的红、绿、蓝三种权重画成一幅彩色图，并按它自己最大的 |权重| 缩放：中灰色表示权重为 0；某个通道比中灰色亮，表示该颜色上的权重为正，比中灰色暗则为负。</translation>
    </message>
    <message>
        <source>Test image number</source>
        <translation>测试图像编号</translation>
    </message>
    <message>
        <source>Show test image</source>
        <translation>显示测试图像</translation>
    </message>
    <message>
        <source>Weights, activations and gradients inside the network</source>
        <translation>网络内部的权重、激活值和梯度</translation>
    </message>
    <message>
        <source>Input ({height}×{width}, colour)</source>
        <translation>输入（{height}×{width}，彩色）</translation>
    </message>
    <message>
        <source>Input ({height}×{width})</source>
        <translation>输入（{height}×{width}）</translation>
    </message>
    <message>
        <source>Test digit number</source>
        <translation>测试数字编号</translation>
    </message>
    <message>
        <source>Show test digit</source>
        <translation>显示测试数字</translation>
    </message>
    <message>
        <source>Showing {source}</source>
        <translation>显示的是：{source}</translation>
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
    <name>Loading</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Loading</source>
        <translation>正在加载</translation>
    </message>
</context>
<context>
    <name>Menu</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Data</source>
        <translation>数据(&amp;D)</translation>
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
        <source>Small CNN (a few CPU minutes)</source>
        <translation>小型 CNN（CPU 上几分钟）</translation>
    </message>
    <message>
        <source>Stronger CNN: BatchNorm + dropout</source>
        <translation>更强的 CNN：批归一化 + 丢弃法</translation>
    </message>
    <message>
        <source>Stronger CNN: three VGG-style blocks (for a GPU)</source>
        <translation>更强的 CNN：三个 VGG 式模块（适合 GPU）</translation>
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
    <message>
        <source>Image folder…</source>
        <translation>图片文件夹…</translation>
    </message>
    <message>
        <source>Train on your own pictures: a folder with one sub-folder of images per class.</source>
        <translation>用你自己的图片训练：一个文件夹，每个类别一个图片子文件夹。</translation>
    </message>
    <message>
        <source>Export as &amp;Python…</source>
        <translation>导出为 Python 脚本(&amp;P)…</translation>
    </message>
</context>
<context>
    <name>Network</name>
    <message>
        <source>Keras computes with TensorFlow (GPU build: Linux only).</source>
        <translation>Keras 用 TensorFlow 计算（GPU 版本：仅限 Linux）。</translation>
    </message>
    <message>
        <source>Keras computes with JAX (CUDA GPUs on Linux).</source>
        <translation>Keras 用 JAX 计算（Linux 上可用 CUDA GPU）。</translation>
    </message>
    <message>
        <source>Keras computes with PyTorch (CUDA GPUs on Windows and Linux, Apple&apos;s GPU on macOS).</source>
        <translation>Keras 用 PyTorch 计算（Windows 和 Linux 上可用 CUDA GPU，macOS 上可用 Apple 的 GPU）。</translation>
    </message>
    <message>
        <source>{backend} (not installed)</source>
        <translation>{backend}（未安装）</translation>
    </message>
    <message>
        <source>{backend} — not installed: {command}</source>
        <translation>{backend} — 未安装：{command}</translation>
    </message>
    <message>
        <source>Keras is already loading on {fixed} in this window; {chosen} will be used after you restart the app.</source>
        <translation>本窗口的 Keras 已经在用 {fixed} 加载；重启应用后才会使用 {chosen}。</translation>
    </message>
    <message>
        <source>Keras already runs on {fixed} in this window; {chosen} will be used after you restart the app.</source>
        <translation>本窗口的 Keras 已经运行在 {fixed} 上；重启应用后才会使用 {chosen}。</translation>
    </message>
    <message>
        <source>New network: the last run had ended</source>
        <translation>新网络：上一次训练已经结束</translation>
    </message>
    <message>
        <source>Network reset: the data changed</source>
        <translation>网络已重置：数据变了</translation>
    </message>
    <message>
        <source>Network reset: the network changed</source>
        <translation>网络已重置：网络变了</translation>
    </message>
    <message>
        <source>Run setting failed: {error}</source>
        <translation>训练设置失败：{error}</translation>
    </message>
    <message>
        <source>Network reset: a new experiment</source>
        <translation>网络已重置：新的实验</translation>
    </message>
    <message>
        <source>Network reset: point ({x}, {y}) added</source>
        <translation>网络已重置：添加了点 ({x}, {y})</translation>
    </message>
    <message>
        <source>Weight edit failed: {error}</source>
        <translation>修改权重失败：{error}</translation>
    </message>
    <message>
        <source>Bias edit failed: {error}</source>
        <translation>修改偏置失败：{error}</translation>
    </message>
    <message>
        <source>Training finished.</source>
        <translation>训练完成。</translation>
    </message>
    <message>
        <source>Training ended: {reason}</source>
        <translation>训练结束：{reason}</translation>
    </message>
    <message>
        <source>Error: {message}</source>
        <translation>错误：{message}</translation>
    </message>
    <message>
        <source>Backend after a restart</source>
        <translation>重启后的后端</translation>
    </message>
    <message>
        <source>NumPy perceptron</source>
        <translation>NumPy 感知机</translation>
    </message>
    <message>
        <source>A single neuron: a weighted sum and a threshold. Its boundary is flat in its inputs: a straight line over x₁ and x₂.</source>
        <translation>单个神经元：加权求和再加一个阈值。它的决策边界在输入空间里是平的：在 x₁ 和 x₂ 上是一条直线。</translation>
    </message>
    <message>
        <source>NumPy MLP</source>
        <translation>NumPy 多层感知机（MLP）</translation>
    </message>
    <message>
        <source>A multi-layer perceptron written in NumPy: hidden layers make curved boundaries possible.</source>
        <translation>用 NumPy 写的多层感知机：隐藏层使弯曲的边界成为可能。</translation>
    </message>
    <message>
        <source>Keras MLP</source>
        <translation>Keras 多层感知机（MLP）</translation>
    </message>
    <message>
        <source>The same kind of network built and trained by Keras.</source>
        <translation>同一类网络，由 Keras 构建和训练。</translation>
    </message>
    <message>
        <source>Keras CNN</source>
        <translation>Keras 卷积神经网络（CNN）</translation>
    </message>
    <message>
        <source>A convolutional network for images such as MNIST digits.</source>
        <translation>用于图像（如 MNIST 手写数字）的卷积网络。</translation>
    </message>
    <message>
        <source>Rosenblatt step rule</source>
        <translation>Rosenblatt 阶跃规则</translation>
    </message>
    <message>
        <source>Delta rule (ReLU)</source>
        <translation>Delta 规则（ReLU）</translation>
    </message>
    <message>
        <source>Nudge the weights by the error of the step output, only on mistakes.</source>
        <translation>只在分错时，按阶跃输出的误差微调权重。</translation>
    </message>
    <message>
        <source>A ReLU unit trained by gradient descent on the squared error.</source>
        <translation>一个 ReLU 神经元，用梯度下降在平方误差上训练。</translation>
    </message>
    <message>
        <source>Auto (GPU if present)</source>
        <translation>自动（有 GPU 就用 GPU）</translation>
    </message>
    <message>
        <source>A perceptron separates two classes of points; it does not apply to images.</source>
        <translation>感知机把点分成两类；它不适用于图像。</translation>
    </message>
    <message>
        <source>Layer {n}</source>
        <translation>第 {n} 层</translation>
    </message>
    <message>
        <source>Stop when every point is right</source>
        <translation>所有点都分对时停止</translation>
    </message>
    <message>
        <source>Edit every layer (BatchNorm, activation, dropout)</source>
        <translation>编辑每一层（BatchNorm、激活、丢弃法）</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>Input features</source>
        <translation>输入特征</translation>
    </message>
    <message>
        <source>Hidden layers</source>
        <translation>隐藏层</translation>
    </message>
    <message>
        <source>A perceptron has no hidden layers.</source>
        <translation>感知机没有隐藏层。</translation>
    </message>
    <message>
        <source>Images feed their pixels, not these features.</source>
        <translation>图像输入的是它们的像素，而不是这些特征。</translation>
    </message>
    <message>
        <source>This network has layers besides dense ones, which only the layer list shows.</source>
        <translation>这个网络除了全连接层还有别的层，只有层列表能显示它们。</translation>
    </message>
    <message>
        <source>Keras stays on {backend}, after a restart too.</source>
        <translation>Keras 继续使用 {backend}，重启后也一样。</translation>
    </message>
    <message>
        <source>Keep at least one input feature: the network needs something to look at.</source>
        <translation>至少保留一个输入特征：网络总得有东西可看。</translation>
    </message>
    <message>
        <source>+{n} more</source>
        <translation>还有 {n} 个</translation>
    </message>
    <message>
        <source>The stored last experiment was ignored: {error}</source>
        <translation>保存的上一次实验已被忽略：{error}</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>滤波器数</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>Stride</source>
        <translation>步幅</translation>
    </message>
    <message>
        <source>Padding</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>窗口大小</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>神经元数</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>丢弃率</translation>
    </message>
    <message>
        <source>needs an image: move it above Flatten/Dense</source>
        <translation>需要图像：把它移到 Flatten/全连接（Dense）层之前</translation>
    </message>
    <message>
        <source>too small: the image has vanished</source>
        <translation>太小：图像已经消失了</translation>
    </message>
    <message>
        <source>Batch norm</source>
        <translation>批归一化（BatchNorm）</translation>
    </message>
    <message>
        <source>Flatten</source>
        <translation>展平（Flatten）</translation>
    </message>
    <message>
        <source>Conv {filters}@{k}×{k} {padding}, stride {stride}, {activation}</source>
        <translation>卷积 {filters}@{k}×{k} {padding}，步幅 {stride}，{activation}</translation>
    </message>
    <message>
        <source>Conv {filters}@{k}×{k} {padding}, {activation}</source>
        <translation>卷积 {filters}@{k}×{k} {padding}，{activation}</translation>
    </message>
    <message>
        <source>Max pool {size}×{size}, stride {stride}</source>
        <translation>最大池化 {size}×{size}，步幅 {stride}</translation>
    </message>
    <message>
        <source>Average pool {size}×{size}, stride {stride}</source>
        <translation>平均池化 {size}×{size}，步幅 {stride}</translation>
    </message>
    <message>
        <source>Dense {width}, {activation}</source>
        <translation>全连接 {width}，{activation}</translation>
    </message>
    <message>
        <source>Dropout {rate}</source>
        <translation>丢弃法（Dropout）{rate}</translation>
    </message>
    <message>
        <source>Activation, {activation}</source>
        <translation>激活层，{activation}</translation>
    </message>
    <message>
        <source>Layer {n} ({layer}) needs an image; move it above Flatten.</source>
        <translation>第 {n} 层（{layer}）需要图像输入；请把它移到 Flatten 层之前。</translation>
    </message>
    <message>
        <source>Layer {n} ({layer}) gets a {shape} input and leaves nothing: use a smaller kernel, pool or stride, or padding same.</source>
        <translation>第 {n} 层（{layer}）的输入是 {shape}，输出什么也不剩：请用更小的卷积核、池化窗口或步幅，或者用 padding same。</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Network graph</source>
        <translation>网络图</translation>
    </message>
    <message>
        <source>Edit weight</source>
        <translation>编辑权重</translation>
    </message>
    <message>
        <source>Weight {link}:</source>
        <translation>权重 {link}：</translation>
    </message>
    <message>
        <source>Edit bias</source>
        <translation>编辑偏置</translation>
    </message>
    <message>
        <source>Bias of {node}:</source>
        <translation>{node} 的偏置：</translation>
    </message>
    <message>
        <source>in {n}</source>
        <translation>输入 {n}</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>{n} inputs</source>
        <translation>{n} 个输入</translation>
    </message>
    <message>
        <source>{layer}: {n} neurons</source>
        <translation>{layer}：{n} 个神经元</translation>
    </message>
    <message>
        <source>Input: {feature}</source>
        <translation>输入：{feature}</translation>
    </message>
    <message>
        <source>Output {n}</source>
        <translation>输出 {n}</translation>
    </message>
    <message>
        <source>Layer {layer}, neuron {n}</source>
        <translation>第 {layer} 层，神经元 {n}</translation>
    </message>
    <message>
        <source>Weight {link}: not trained yet
Click to edit; right-click to see its backprop.</source>
        <translation>权重 {link}：尚未训练
单击可编辑；右键单击可查看它的反向传播。</translation>
    </message>
    <message>
        <source>Weight {link}: {value}
Click to edit; right-click to see its backprop.</source>
        <translation>权重 {link}：{value}
单击可编辑；右键单击可查看它的反向传播。</translation>
    </message>
    <message>
        <source>{node}
bias not read yet</source>
        <translation>{node}
偏置尚未读取</translation>
    </message>
    <message>
        <source>{node}
bias {value} (the small square)
Click to edit the bias; right-click to see its backprop.</source>
        <translation>{node}
偏置 {value}（那个小方块）
单击可编辑偏置；右键单击可查看它的反向传播。</translation>
    </message>
    <message>
        <source>{layer} has {total} neurons: the first {shown} are drawn, {hidden} more are not.</source>
        <translation>{layer}有 {total} 个神经元：画出了前 {shown} 个，另外 {hidden} 个没有画出。</translation>
    </message>
    <message>
        <source>{rows} × {cols} weights</source>
        <translation>{rows} × {cols} 个权重</translation>
    </message>
    <message>
        <source>mean |w| {mean}, max |w| {max}</source>
        <translation>平均 |w| {mean}，最大 |w| {max}</translation>
    </message>
    <message>
        <source>Preset {preset} loaded</source>
        <translation>已载入预设 {preset}</translation>
    </message>
</context>
<context>
    <name>Neuron</name>
    <message>
        <source>Linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>阶跃</translation>
    </message>
    <message>
        <source>step(z) = {output}, since z {relation} 0</source>
        <translation>step(z) = {output}，因为 z {relation} 0</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
</context>
<context>
    <name>PlotMenu</name>
    <message>
        <source>Export image…</source>
        <translation>导出图片…</translation>
    </message>
    <message>
        <source>Export image</source>
        <translation>导出图片</translation>
    </message>
    <message>
        <source>Could not export the image</source>
        <translation>无法导出图片</translation>
    </message>
</context>
<context>
    <name>Plots</name>
    <message>
        <source>train (batch)</source>
        <translation>训练集（每批）</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <source>Tutorial 1&apos;s perceptron as written: OR gate, ReLU unit, SSE, gradient descent lr 0.01.</source>
        <translation>教程 1 原样复现的感知机：OR 门，ReLU 神经元，SSE，梯度下降 lr 0.01。</translation>
    </message>
    <message>
        <source>Tutorial 1&apos;s MLP as written: 784-256-256-10, ReLU, Adam 1e-3, batch 100, 15 epochs, every weight and bias drawn from N(0, 1) (``tf.random_normal``).</source>
        <translation>教程 1 原样复现的 MLP：784-256-256-10，ReLU，Adam 1e-3，批大小 100，15 轮，所有权重和偏置都从 N(0, 1) 中抽取（``tf.random_normal``）。</translation>
    </message>
    <message>
        <source>Tutorial 1: MLP 784-256-256-10, ReLU, softmax cross-entropy, Adam 1e-3, batch 100.</source>
        <translation>教程 1：MLP 784-256-256-10，ReLU，softmax 交叉熵，Adam 1e-3，批大小 100。</translation>
    </message>
    <message>
        <source>Tutorial 2&apos;s CNN as written: conv 4@5x5 tanh, 8@3x3 tanh, pool, 16@3x3 relu, pool, dense 128 tanh; SGD lr 0.05, Nesterov momentum 0.9, decay 1e-6; batch 100, 10 epochs, validation split 0.2; no augmentation (the tutorial&apos;s ImageDataGenerator block sits inside a triple-quoted string, so it never ran).</source>
        <translation>教程 2 原样复现的 CNN：卷积 4@5x5 tanh，8@3x3 tanh，池化，16@3x3 relu，池化，全连接 128 tanh；SGD lr 0.05，Nesterov 动量 0.9，衰减 1e-6；批大小 100，10 轮，验证集比例 0.2；没有数据增强（教程里的 ImageDataGenerator 代码块写在三引号字符串里，所以从未运行）。</translation>
    </message>
    <message>
        <source>Tutorial 2: a small tanh/ReLU CNN, SGD+Nesterov, validation split 0.2, augmentation.</source>
        <translation>教程 2：一个小型 tanh/ReLU CNN，SGD+Nesterov，验证集比例 0.2，数据增强。</translation>
    </message>
    <message>
        <source>Tutorial 3&apos;s CNN as written: conv 32@5x5 relu, pool, conv 64@3x3 relu, pool, dense 1024 with no activation, dropout rate 0.75, Adam 1e-3, batch 128.</source>
        <translation>教程 3 原样复现的 CNN：卷积 32@5x5 relu，池化，卷积 64@3x3 relu，池化，全连接 1024（没有激活函数），丢弃法（Dropout）比例 0.75，Adam 1e-3，批大小 128。</translation>
    </message>
    <message>
        <source>Tutorial 3: conv 32@5x5 → pool → conv 64@3x3 → pool → dense 1024 → dropout → 10.</source>
        <translation>教程 3：卷积 32@5x5 → 池化 → 卷积 64@3x3 → 池化 → 全连接 1024 → 丢弃法（Dropout）→ 10。</translation>
    </message>
    <message>
        <source>LeCun et al. 1998: 6@5x5 (same) → avgpool → 16@5x5 → avgpool → 120 → 84 → 10, tanh.</source>
        <translation>LeCun 等人 1998：6@5x5（same）→ 平均池化 → 16@5x5 → 平均池化 → 120 → 84 → 10，tanh。</translation>
    </message>
    <message>
        <source>Our design for &gt;= 99.5 %: three convolutions each followed by BatchNorm, augmentation (rotation, shift, zoom), dropout, and an Adam rate decaying 15 % per epoch over 24. Measured: 99.52 % in 14 minutes on two CPU cores (BENCHMARKS.md).</source>
        <translation>我们为 &gt;= 99.5 % 设计的网络：三个卷积层，每个后接批归一化，数据增强（旋转、平移、缩放），丢弃法（Dropout），Adam 学习率每轮衰减 15 %，共 24 轮。实测：在两个 CPU 核上 14 分钟达到 99.52 %（BENCHMARKS.md）。</translation>
    </message>
    <message>
        <source>Fashion-MNIST, small: conv 16@3x3 → pool → conv 32@3x3 → pool → dense 64 → 10, ReLU, Adam 1e-3, batch 128, 5 epochs.</source>
        <translation>Fashion-MNIST，小型：卷积 16@3x3 → 池化 → 卷积 32@3x3 → 池化 → 全连接 64 → 10，ReLU，Adam 1e-3，批大小 128，5 轮。</translation>
    </message>
    <message>
        <source>Fashion-MNIST, stronger: two padded convolutions (32, 64 @3x3), each with BatchNorm, a pool and dropout 0.25, then dense 128 with BatchNorm and dropout 0.4; Adam 1e-3 decaying 10 % per epoch over 10 epochs. 92.3 % on the test set in about 6 CPU minutes.</source>
        <translation>Fashion-MNIST，更强的版本：两个带填充的卷积层（32、64 个 3x3 滤波器），每个之后接批归一化、池化和丢弃法 0.25，再接 128 个神经元的全连接层，带批归一化和丢弃法 0.4；Adam 1e-3，10 轮中每轮衰减 10 %。在 CPU 上约 6 分钟，测试集准确率 92.3 %。</translation>
    </message>
    <message>
        <source>CIFAR-10, small: conv 32@3x3 → pool → conv 64@3x3 → pool (padded) → dense 128 → dropout 0.3 → 10, ReLU, Adam 1e-3, batch 64, 8 epochs.</source>
        <translation>CIFAR-10，小型：卷积 32@3x3 → 池化 → 卷积 64@3x3 → 池化（带填充）→ 全连接 128 → 丢弃法（Dropout）0.3 → 10，ReLU，Adam 1e-3，批大小 64，8 轮。</translation>
    </message>
    <message>
        <source>CIFAR-10, stronger: three VGG-style blocks of two padded 3x3 convolutions (32, 64, 128 filters), each with BatchNorm, then a pool and dropout; dense 128; augmentation (rotation, shift, zoom, left-right flip); Adam 1e-3 decaying 5 % per epoch over 30.</source>
        <translation>CIFAR-10，更强：三个 VGG 式模块，每个含两个带填充的 3x3 卷积（32、64、128 个滤波器），各接 BatchNorm，然后是池化和丢弃法（Dropout）；全连接 128；数据增强（旋转、平移、缩放、左右翻转）；Adam 1e-3，共 30 轮，每轮衰减 5 %。</translation>
    </message>
</context>
<context>
    <name>Relevance</name>
    <message>
        <source>The perceptron learns by its own rule; it uses no optimizer, only the learning rate.</source>
        <translation>感知机按自己的规则学习；它不用优化器，只用学习率。</translation>
    </message>
    <message>
        <source>The perceptron learns by its own rule; it has no momentum.</source>
        <translation>感知机按自己的规则学习；它没有动量。</translation>
    </message>
    <message>
        <source>The perceptron learns by its own rule; it has no weight penalty.</source>
        <translation>感知机按自己的规则学习；它没有权重惩罚。</translation>
    </message>
    <message>
        <source>A perceptron has no hidden layer to drop units from.</source>
        <translation>感知机没有隐藏层，没有可丢弃的神经元。</translation>
    </message>
    <message>
        <source>The perceptron always measures the squared error of its outputs.</source>
        <translation>感知机总是计算其输出的平方误差。</translation>
    </message>
    <message>
        <source>The perceptron starts from uniform weights in [0, 1), as in the tutorial.</source>
        <translation>感知机从 [0, 1) 内均匀分布的权重开始，与教程一致。</translation>
    </message>
    <message>
        <source>{optimizer} does not use momentum; choose Momentum or Nesterov.</source>
        <translation>优化器 {optimizer} 不使用动量；请选择 Momentum 或 Nesterov。</translation>
    </message>
    <message>
        <source>Dropout follows hidden dense layers; this network has none.</source>
        <translation>丢弃法（Dropout）跟在全连接隐藏层之后；这个网络没有全连接隐藏层。</translation>
    </message>
    <message>
        <source>A regression problem trains its one linear output on the mean squared error, as TensorFlow Playground does; choose a classification data set for the others.</source>
        <translation>回归问题用均方误差训练它唯一的线性输出，与 TensorFlow Playground 一样；要用其他损失函数，请选择分类数据集。</translation>
    </message>
    <message>
        <source>The CSV file&apos;s points are used as they are.</source>
        <translation>CSV 文件中的点按原样使用。</translation>
    </message>
    <message>
        <source>The image set&apos;s pictures are used as they are.</source>
        <translation>图像数据集的图片按原样使用。</translation>
    </message>
    <message>
        <source>{title} comes with its own {train:,} / {test:,} split.</source>
        <translation>{title} 自带 {train:,} / {test:,} 的划分。</translation>
    </message>
    <message>
        <source>An image folder sets aside its own test split, chosen in Data › Image folder….</source>
        <translation>图片文件夹按自己的测试集比例留出测试集，在“数据 › 图片文件夹…”中设定。</translation>
    </message>
    <message>
        <source>It scales 2-D points; an image&apos;s pixels are always divided by 255 when loaded.</source>
        <translation>它缩放的是二维点；图像的像素在加载时总是除以 255。</translation>
    </message>
    <message>
        <source>A logic gate has exactly its four truth-table points.</source>
        <translation>逻辑门恰好只有真值表的四个点。</translation>
    </message>
    <message>
        <source>A gate trains and tests on its whole truth table.</source>
        <translation>逻辑门在整个真值表上训练和测试。</translation>
    </message>
    <message>
        <source>A gate&apos;s four rows all train; nothing is held out, so it validates on them.</source>
        <translation>逻辑门的四行全部用于训练；没有留出数据，所以就用它们来验证。</translation>
    </message>
    <message>
        <source>Images feed their pixels, not these features.</source>
        <translation>图像输入的是像素，而不是这些特征。</translation>
    </message>
</context>
<context>
    <name>Runs</name>
    <message>
        <source>Run</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>固定</translation>
    </message>
    <message>
        <source>Data set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>结束方式</translation>
    </message>
    <message>
        <source>Best val</source>
        <translation>最佳验证</translation>
    </message>
    <message>
        <source>Final val</source>
        <translation>最终验证</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>running</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>early stopping</source>
        <translation>早停</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>发散</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>crashed</source>
        <translation>已崩溃</translation>
    </message>
    <message>
        <source>Ended: {how}</source>
        <translation>结束方式：{how}</translation>
    </message>
    <message>
        <source>Device: {device}</source>
        <translation>设备：{device}</translation>
    </message>
    <message>
        <source>Neural Playground runs</source>
        <translation>Neural Playground 训练记录</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>所有文件</translation>
    </message>
    <message>
        <source>CSV file…</source>
        <translation>CSV 文件…</translation>
    </message>
    <message>
        <source>JSON file…</source>
        <translation>JSON 文件…</translation>
    </message>
    <message>
        <source>JSON files</source>
        <translation>JSON 文件</translation>
    </message>
    <message>
        <source>TensorBoard folder…</source>
        <translation>TensorBoard 文件夹…</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>Notes…</source>
        <translation>备注…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Import runs…</source>
        <translation>导入训练记录…</translation>
    </message>
    <message>
        <source>Save runs…</source>
        <translation>保存训练记录…</translation>
    </message>
    <message>
        <source>CSV files</source>
        <translation>CSV 文件</translation>
    </message>
    <message>
        <source>All data sets</source>
        <translation>所有数据集</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>所有模型</translation>
    </message>
    <message>
        <source>All engines</source>
        <translation>所有引擎</translation>
    </message>
    <message>
        <source>Search names and notes</source>
        <translation>搜索名称和备注</translation>
    </message>
    <message>
        <source>from any date</source>
        <translation>起始日期不限</translation>
    </message>
    <message>
        <source>to any date</source>
        <translation>截止日期不限</translation>
    </message>
    <message>
        <source>any score</source>
        <translation>分数不限</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>perceptron</source>
        <translation>感知机</translation>
    </message>
    <message>
        <source>Epochs trained (fractions: batches into the current epoch)</source>
        <translation>已训练的轮数（小数部分：当前这一轮中已训练的批）</translation>
    </message>
    <message>
        <source>Batches trained so far</source>
        <translation>到目前为止已训练的批数</translation>
    </message>
    <message>
        <source>Training speed while running</source>
        <translation>训练运行时的速度</translation>
    </message>
    <message>
        <source>Loss of the latest batch</source>
        <translation>最近一批的损失</translation>
    </message>
    <message>
        <source>Where the model computes (and, for Keras, on which backend)</source>
        <translation>模型在哪里计算（对 Keras 还包括在哪个后端上）</translation>
    </message>
    <message>
        <source>Engine and model</source>
        <translation>引擎和模型</translation>
    </message>
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
    <message>
        <source>{count} trainable parameters</source>
        <translation>{count} 个可训练参数</translation>
    </message>
    <message>
        <source>{title}: {text}</source>
        <translation>{title}：{text}</translation>
    </message>
</context>
<context>
    <name>Surfaces</name>
    <message>
        <source>Rosenbrock valley</source>
        <translation>Rosenbrock 山谷</translation>
    </message>
    <message>
        <source>Saddle</source>
        <translation>鞍面</translation>
    </message>
    <message>
        <source>Bowl with noisy gradients</source>
        <translation>梯度带噪声的碗</translation>
    </message>
    <message>
        <source>f = (x² + 4y²)/2, gradient + noise</source>
        <translation>f = (x² + 4y²)/2，梯度 + 噪声</translation>
    </message>
    <message>
        <source>left the surface</source>
        <translation>离开了曲面</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>{surface}: {formula}</source>
        <translation>{surface}：{formula}</translation>
    </message>
    <message>
        <source>{name}: {why} at step {step}</source>
        <translation>{name}：在第 {step} 步{why}</translation>
    </message>
    <message>
        <source>{name}: f = {value} after {steps} step</source>
        <translation>{name}：{steps} 步后 f = {value}</translation>
    </message>
    <message>
        <source>{name}: f = {value} after {steps} steps</source>
        <translation>{name}：{steps} 步后 f = {value}</translation>
    </message>
    <message>
        <source>{name}: f = {value} after {steps} step, {distance} from the minimum</source>
        <translation>{name}：{steps} 步后 f = {value}，距最小值 {distance}</translation>
    </message>
    <message>
        <source>{name}: f = {value} after {steps} steps, {distance} from the minimum</source>
        <translation>{name}：{steps} 步后 f = {value}，距最小值 {distance}</translation>
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
    <message>
        <source>Network reset: new random weights</source>
        <translation>网络已重置：新的随机权重</translation>
    </message>
    <message>
        <source>Training stopped at step {step}. Save the model, or press Train for a new network.</source>
        <translation>训练在第 {step} 步停止。可以保存模型，或点击“训练”开始一个新网络。</translation>
    </message>
</context>
<context>
    <name>Training</name>
    <message>
        <source>{error} The Backend box is in the Network panel.</source>
        <translation>{error} “后端”选择框在“网络”面板中。</translation>
    </message>
    <message>
        <source>{error} — or choose a NumPy model.</source>
        <translation>{error}——或者选择一个 NumPy 模型。</translation>
    </message>
    <message>
        <source>Keras on {backend} could not be loaded ({error}). Choose another backend or a NumPy model.</source>
        <translation>无法在 {backend} 上加载 Keras（{error}）。请选择另一个后端或一个 NumPy 模型。</translation>
    </message>
    <message>
        <source>Could not evaluate the model: {error}</source>
        <translation>无法评估模型：{error}</translation>
    </message>
    <message>
        <source>Could not draw the model: {error}</source>
        <translation>无法绘制模型：{error}</translation>
    </message>
    <message>
        <source>Could not look inside the network: {error}</source>
        <translation>无法查看网络内部：{error}</translation>
    </message>
</context>
<context>
    <name>Window</name>
    <message>
        <source>perceptron</source>
        <translation>感知机</translation>
    </message>
    <message>
        <source>CNN of {count} layers</source>
        <translation>{count} 层的 CNN</translation>
    </message>
    <message>
        <source>{data}, {network}</source>
        <translation>{data}，{network}</translation>
    </message>
</context>
</TS>
