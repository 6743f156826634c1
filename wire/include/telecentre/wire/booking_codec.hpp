#pragma once
// JSON codecs for the booking part of the wire contract. Like codec.hpp: decoding never throws,
// and an error names the field.

#include "telecentre/wire/booking.hpp"

#include <expected>
#include <string>
#include <string_view>

namespace telecentre::wire {

[[nodiscard]] std::string encode(const BookingRequest&);
[[nodiscard]] std::string encode(const BookingChange&);
[[nodiscard]] std::string encode(const BookingCancel&);
[[nodiscard]] std::string encode(const Booking&);
[[nodiscard]] std::string encode(const BookingError&);
[[nodiscard]] std::string encode(const MemberBookings&);
[[nodiscard]] std::string encode(const Availability&);
[[nodiscard]] std::string encode(const BookingEvent&);

[[nodiscard]] std::expected<BookingRequest, std::string> decode_booking_request(std::string_view);
[[nodiscard]] std::expected<BookingChange, std::string> decode_booking_change(std::string_view);
[[nodiscard]] std::expected<BookingCancel, std::string> decode_booking_cancel(std::string_view);
[[nodiscard]] std::expected<Booking, std::string> decode_booking(std::string_view);
[[nodiscard]] std::expected<BookingError, std::string> decode_booking_error(std::string_view);
[[nodiscard]] std::expected<MemberBookings, std::string> decode_member_bookings(std::string_view);
[[nodiscard]] std::expected<Availability, std::string> decode_availability(std::string_view);
[[nodiscard]] std::expected<BookingEvent, std::string> decode_booking_event(std::string_view);

} // namespace telecentre::wire
