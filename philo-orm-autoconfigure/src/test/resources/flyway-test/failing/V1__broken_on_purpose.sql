CREATE TABLE broken (id bigint PRIMARY KEY,, oops);
