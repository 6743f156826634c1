#include "telecentre/core/booking_commands.hpp"

#include "telecentre/core/overloaded.hpp"

namespace telecentre::core {
BookingEngineReply run_command(BookingEngine& engine, const BookingEngineCommand& command) {
    return std::visit(Overloaded{
                          [&](const AvailabilityCommand& c) -> BookingEngineReply {
                              return AvailabilityReply{c.request_id, engine.fetch_availability(c.query)};
                          },
                          [&](const BookCommand& c) -> BookingEngineReply {
                              return WriteReply{c.request_id, engine.book(c.request)};
                          },
                          [&](const ChangeCommand& c) -> BookingEngineReply {
                              return WriteReply{c.request_id, engine.change(c.booking_id, c.change)};
                          },
                          [&](const CancelCommand& c) -> BookingEngineReply {
                              return WriteReply{c.request_id, engine.cancel(c.booking_id, c.cancel)};
                          },
                          [&](const CheckInCommand& c) -> BookingEngineReply {
                              return WriteReply{c.request_id, engine.check_in(c.booking_id, c.holder)};
                          },
                          [&](const MemberBookingsCommand& c) -> BookingEngineReply {
                              return MemberBookingsReply{c.request_id, engine.member_bookings(c.badge_uid)};
                          },
                          [&](const NewsCommand& c) -> BookingEngineReply {
                              return NewsReply{c.request_id, c.badge_uid, engine.news_for(c.badge_uid)};
                          },
                      },
                      command);
}

} // namespace telecentre::core
