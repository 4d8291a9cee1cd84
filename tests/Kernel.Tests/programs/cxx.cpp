// C++: iostreams, strings, containers, algorithms, exceptions across frames, RTTI, static constructors.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

struct Shape
{
    virtual ~Shape() = default;
    virtual double area() const = 0;
    virtual std::string name() const = 0;
};

struct Square : Shape
{
    double s;
    explicit Square(double side) : s(side) {}
    double area() const override { return s * s; }
    std::string name() const override { return "square"; }
};

struct Circle : Shape
{
    double r;
    explicit Circle(double radius) : r(radius) {}
    double area() const override { return 3.0 * r * r; }
    std::string name() const override { return "circle"; }
};

struct Tracker
{
    std::string label;
    explicit Tracker(std::string l) : label(std::move(l)) { std::cout << "construct " << label << "\n"; }
    ~Tracker() { std::cout << "destruct " << label << "\n"; }
};

static Tracker global_tracker("global");

static int depth(int n)
{
    Tracker t("frame" + std::to_string(n));
    if (n == 0) throw std::runtime_error("bottom reached");
    return depth(n - 1) + 1;
}

int main()
{
    std::vector<std::unique_ptr<Shape>> shapes;
    for (int i = 1; i <= 4; i++)
    {
        if (i % 2) shapes.push_back(std::make_unique<Square>(i));
        else shapes.push_back(std::make_unique<Circle>(i));
    }
    std::sort(shapes.begin(), shapes.end(), [](auto &a, auto &b) { return a->area() > b->area(); });
    for (auto &s : shapes) std::cout << s->name() << " " << s->area() << "\n";

    try { depth(3); }
    catch (const std::exception &e) { std::cout << "caught: " << e.what() << "\n"; }

    try { std::vector<int> v(3); (void)v.at(10); }
    catch (const std::out_of_range &) { std::cout << "out_of_range caught\n"; }

    try { throw 42; }
    catch (int v) { std::cout << "int thrown: " << v << "\n"; }

    std::map<std::string, int> counts;
    std::istringstream words("the quick brown fox jumps over the lazy dog the end");
    std::string w;
    while (words >> w) counts[w]++;
    for (auto &[k, v] : counts) std::cout << k << "=" << v << " ";
    std::cout << "\n";

    {
        std::ofstream out("cxx_test.txt");
        out << "line " << 1 << "\n" << 2.5 << "\n";
    }
    std::ifstream in("cxx_test.txt");
    std::string line;
    while (std::getline(in, line)) std::cout << "file: " << line << "\n";
    std::remove("cxx_test.txt");

    Shape *s = shapes[0].get();
    std::cout << "dynamic_cast to Circle: " << (dynamic_cast<Circle *>(s) != nullptr) << "\n";
    std::cout << "typeid: " << (typeid(*s) == typeid(Square) ? "Square" : "other") << "\n";
    std::cout.precision(10);
    std::cout << "double: " << 1.0 / 3.0 << "\n";
    return 0;
}
