#pragma once
// std::visit with one lambda per alternative: Overloaded{[](const A&) {...}, [](const B&) {...}}.

namespace telecentre::core {

template <class... Ts> struct Overloaded : Ts... { using Ts::operator()...; };

} // namespace telecentre::core
